"""Kazakh individual identification number (IIN) validation."""

from __future__ import annotations

_W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def iin_checksum_ok(digits: str) -> bool:
    """True when the 12-digit string carries a valid control digit (official two-pass weights)."""
    if len(digits) != 12 or not digits.isdigit():
        return False
    nums = [int(c) for c in digits]
    control = sum(n * w for n, w in zip(nums[:11], _W1, strict=True)) % 11
    if control == 10:
        control = sum(n * w for n, w in zip(nums[:11], _W2, strict=True)) % 11
        if control == 10:
            return False
    return control == nums[11]


def is_valid_iin(digits: str) -> bool:
    """True for a plausible IIN: a YYMMDD birth date prefix and a valid checksum."""
    if not iin_checksum_ok(digits):
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    # BINs of companies carry 4/5/6 in the 5th position, which is never a valid month.
    return 1 <= month <= 12 and 1 <= day <= 31
