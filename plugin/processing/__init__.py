"""Processing provider ``terridiag`` and its algorithms: every user-facing computation."""
