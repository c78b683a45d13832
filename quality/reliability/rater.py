"""Placeholder until the model lands."""


class Rater:
    @classmethod
    def load(cls, path=None):
        return None
