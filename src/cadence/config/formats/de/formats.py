DATE_FORMAT = "j. N Y"  # 3. Dez. 2026
MONTH_DAY_FORMAT = "j. N"  # 3. Dez.
SHORT_DATETIME_FORMAT = "j. N Y, H:i"  # 3. Dez. 2026, 14:30
DATETIME_FORMAT = "D, j. N Y, H:i"  # Do, 3. Dez. 2026, 14:30
