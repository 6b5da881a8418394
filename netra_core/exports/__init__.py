"""Exports of Netra's data in other tools' formats."""
