"""Guess what a file holds (postings, contacts, profile, interactions, LinkedIn archive)."""

from __future__ import annotations

from pathlib import Path

from analysis.errors import ImportFailed
from analysis.ingest.common import decode_bytes

KINDS = ("postings", "contacts", "profile", "interactions", "linkedin-archive")

_PROFILE_FILES = {"skills.csv", "positions.csv", "profile.csv", "endorsement_received_info.csv",
                  "job seeker preferences.csv"}  # fmt: skip
_INTERACTION_FILES = {"messages.csv", "invitations.csv"}
# The files of a LinkedIn data export that Waypoint does not read (linkedin_archive.KNOWN_FILES
# lists those it does). Uploaded on their own, they are refused: their rows are not postings.
_LINKEDIN_UNUSED_FILES = {
    "ad_targeting.csv", "ads clicked.csv", "articles.csv", "causes you care about.csv",
    "certifications.csv", "coach_messages.csv", "comments.csv", "company follows.csv",
    "contacts.csv", "courses.csv", "education.csv", "email addresses.csv",
    "endorsement_given_info.csv", "events.csv", "groups.csv", "guide_messages.csv",
    "hashtag_follows.csv", "honors.csv", "inferences_about_you.csv", "instant reposts.csv",
    "job applicant saved answers.csv", "job applicant saved screening question responses.csv",
    "job applications.csv", "lan ads engagement.csv", "languages.csv",
    "lead gen form responses.csv", "learning.csv", "learning_coach_messages.csv",
    "learning_role_play_messages.csv", "logins.csv", "member_follows.csv", "organizations.csv",
    "patents.csv", "phonenumbers.csv", "private_identity_asset.csv", "projects.csv",
    "publications.csv", "reactions.csv", "receipts.csv", "receipts_v2.csv",
    "recommendations_given.csv", "recommendations_received.csv", "registration.csv",
    "rich media.csv", "rich_media.csv", "saved job alerts.csv", "searchqueries.csv",
    "security challenges.csv", "shares.csv", "test scores.csv", "testimonials.csv",
    "verifications.csv", "volunteering.csv", "votes.csv", "whatsapp phone numbers.csv",
}  # fmt: skip


def guess_kind(file_name: str, head: bytes) -> str:
    """The importer to use for a file, from its name and first bytes; postings when unsure.
    Raises ImportFailed for a file of a LinkedIn export that Waypoint does not use."""
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
    if name in _LINKEDIN_UNUSED_FILES:  # after the content checks: Google names its contacts.csv
        raise ImportFailed(file_name, _unused_linkedin_file(Path(file_name).name))
    return "postings"


def _unused_linkedin_file(name: str) -> str:
    from analysis.ingest.linkedin_archive import KNOWN_FILES

    used = [Path(f).name for f, _ in KNOWN_FILES]
    return (
        f"{name} is a LinkedIn export file Waypoint does not use; Waypoint reads "
        f"{', '.join(used[:-1])} and {used[-1]}, or the whole export ZIP. If this file really "
        "holds job postings, import it as job postings."
    )
