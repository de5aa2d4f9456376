"""The roles of the review app's users and what each may do: plain data, so a command's help
can list them without loading the dataset's libraries (`pipeline.users` holds the rest)."""

from __future__ import annotations

ROLES: dict[str, str] = {
    "admin": "everything, and the users page",
    "reviewer": "reads the dataset, accepts, corrects and rejects figures, checks and submits",
    "auditor": "reads the dataset only",
    "submitter": "checks and submits reports only",
}
