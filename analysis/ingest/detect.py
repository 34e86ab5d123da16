"""Guess what a file holds (postings, contacts, profile, interactions, LinkedIn archive)."""

from __future__ import annotations

from pathlib import Path

from analysis.ingest.common import decode_bytes

KINDS = ("postings", "contacts", "profile", "interactions", "linkedin-archive")

_PROFILE_FILES = {"skills.csv", "positions.csv", "profile.csv", "endorsement_received_info.csv",
                  "job seeker preferences.csv"}  # fmt: skip
_INTERACTION_FILES = {"messages.csv", "invitations.csv"}


def guess_kind(file_name: str, head: bytes) -> str:
    """The importer to use for a file, from its name and first bytes; postings when unsure."""
    name = Path(file_name).name.lower()
    suffix = Path(name).suffix
    if head.startswith(b"PK\x03\x04") and suffix not in (".xlsx", ".xlsm"):
        return "linkedin-archive"
    if suffix == ".vcf" or head.lstrip().upper().startswith(b"BEGIN:VCARD"):
        return "contacts"
    if name in _PROFILE_FILES or suffix in (".yaml", ".yml"):
        return "profile"
    if name in _INTERACTION_FILES:
        return "interactions"
    try:
        text = decode_bytes(head, file_name)[:4000].lower()
    except Exception:  # undecodable: let the postings importer give the precise error
        return "postings"
    if (
        "connected on" in text
        or "given name" in text
        or "e-mail 1 - value" in text
        or ("first name" in text and ("e-mail address" in text or "organization name" in text))
    ):
        return "contacts"
    if text.startswith("skill,") and "proficiency" in text.splitlines()[0]:
        return "profile"
    return "postings"
