# Django's Russian formats end a date with "г." ("30 ноября 2026 г."): a sentence that ends
# with the date then ends with "г..". The year reads as well without it.
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, G:i"
YEAR_MONTH_FORMAT = "F Y"
