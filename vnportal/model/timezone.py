"""Vietnam's time zone, in a module of its own: the "nothing changed" answer needs it
(vnportal/build/up_to_date.py), and vietnamese.py would bring Babel's date formats."""

from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")  # GMT+7 all year, no daylight saving
