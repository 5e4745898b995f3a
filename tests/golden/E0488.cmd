# E0488: a start date that is not a Monday.
import curtois E0488.txt --output {tmp}/out --start 2024-01-02
