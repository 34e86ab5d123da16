"""Bad profile, messages and archive input: the exact message the user sees, and nothing stored."""

from __future__ import annotations

import zipfile

import pytest

from analysis import store
from analysis.errors import ImportFailed
from analysis.ingest.interactions import import_invitations, import_messages
from analysis.ingest.linkedin_archive import import_linkedin_archive
from analysis.ingest.profile import import_profile
from tests.conftest import FIXTURES, snapshot

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
EXPECTED = (
    "expected LinkedIn Skills.csv, Positions.csv, Profile.csv, Endorsement_Received_Info.csv, "
    "Job Seeker Preferences.csv, or a profile CSV with a 'skill' column, or a profile YAML"
)
SKILL_HEADER = "skill,proficiency,last_used,years,wants_to_grow\n"

PROFILE_CASES = [
    ("empty", "Skills.csv", b"", "Cannot import Skills.csv: the file is empty"),
    ("blank", "Skills.csv", b" \r\n\n", "Cannot import Skills.csv: the file is empty"),
    ("binary", "Skills.csv", PNG,
     "Cannot import Skills.csv: this is a binary file, not text (is it the right file?)"),
    ("unknown header", "notes.csv", b"title,company\nAnalyst,Acme\n",
     f"Cannot import notes.csv, line 1: unrecognised header 'title,company': {EXPECTED}"),
    ("huge field", "Skills.csv", b'Name\n"' + b"x" * 140_000 + b'"\n',
     "Cannot import Skills.csv, line 2: malformed CSV (field larger than field limit (131072))"),
    ("proficiency", "bad_proficiency.csv", (FIXTURES / "profile" / "bad_proficiency.csv").read_bytes(),
     "Cannot import bad_proficiency.csv, line 3, column 'proficiency': proficiency must be a "
     "whole number from 1 to 5, not '7'"),
    ("proficiency word", "profile.csv", (SKILL_HEADER + "Python,expert,,,\n").encode(),
     "Cannot import profile.csv, line 2, column 'proficiency': proficiency must be a whole "
     "number from 1 to 5, not 'expert'"),
    ("last_used", "profile.csv", (SKILL_HEADER + "Python,4,last spring,,\n").encode(),
     "Cannot import profile.csv, line 2, column 'last_used': last_used must be a year (2019), "
     "a month (Mar 2019) or a date (2019-05-31), not 'last spring'"),
    ("years", "profile.csv", (SKILL_HEADER + "Python,4,2020,-2,\n").encode(),
     "Cannot import profile.csv, line 2, column 'years': years must be a number of zero or "
     "more, not '-2'"),
    ("wants_to_grow", "profile.csv", (SKILL_HEADER + "Python,4,2020,3,maybe\n").encode(),
     "Cannot import profile.csv, line 2, column 'wants_to_grow': wants_to_grow must be yes or "
     "no, not 'maybe'"),
    ("empty skill", "profile.csv", (SKILL_HEADER + "Python,4,,,\n,3,,,\n").encode(),
     "Cannot import profile.csv, line 3, column 'skill': the skill name is empty"),
    ("skill twice", "profile.csv", (SKILL_HEADER + 'Python,4,,,\n"Multi\nline",,,,\npython,3,,,\n').encode(),
     "Cannot import profile.csv, line 5, column 'skill': the skill 'python' is listed twice "
     "(first on line 2)"),
    ("yaml syntax", "profile.yaml", b"skills:\n  - skill: Python\n    proficiency: [4\n",
     "Cannot import profile.yaml, line 4: not valid YAML (expected ',' or ']', but got "
     "'<stream end>')"),
    ("yaml list", "profile.yaml", b"- Python\n- SQL\n",
     "Cannot import profile.yaml: a profile YAML must be a mapping with skills:, targets:, "
     "finances: or income_streams:"),
    ("yaml section", "profile.yml", b"skills: []\nskils:\n  - Python\n",
     "Cannot import profile.yml, line 2: unknown section 'skils' (expected skills, targets, "
     "finances, income_streams)"),
    ("yaml key", "profile.yaml", b"skills:\n  - skill: SQL\n    proficiencyy: 3\n",
     "Cannot import profile.yaml, line 3, column 'proficiencyy': unknown key 'proficiencyy' "
     "(expected skill, proficiency, last_used, years, wants_to_grow)"),
    ("yaml proficiency", "profile.yaml", b"skills:\n  - skill: Python\n    proficiency: 9\n",
     "Cannot import profile.yaml, line 3, column 'proficiency': proficiency must be a whole "
     "number from 1 to 5, not '9'"),
    ("yaml date", "profile.yaml", b"skills:\n  - skill: a\n  - skill: b\n    last_used: 2019-02-30\n",
     "Cannot import profile.yaml, line 4, column 'last_used': last_used must be a year (2019), "
     "a month (Mar 2019) or a date (2019-05-31), not '2019-02-30'"),
    ("yaml finances", "profile.yaml", b"skills:\n  - Python\nfinances:\n  liquid_savings: lots\n",
     "Cannot import profile.yaml, line 4, column 'liquid_savings': liquid_savings must be a "
     "number of zero or more, not 'lots'"),
    ("yaml decimal comma", "profile.yaml", b"finances:\n  liquid_savings: 48.000,50\n",
     "Cannot import profile.yaml, line 2, column 'liquid_savings': liquid_savings must be a "
     "number of zero or more, not '48.000,50'"),
    ("yaml years with a decimal comma", "profile.yaml", b"skills:\n  - skill: SQL\n    years: 1,5\n",
     "Cannot import profile.yaml, line 3, column 'years': years must be a number of zero or "
     "more, not '1,5'"),
    ("yaml finances below zero", "profile.yaml", b"finances:\n  liquid_savings: -5000\n",
     "Cannot import profile.yaml, line 2, column 'liquid_savings': liquid_savings must be a "
     "number of zero or more, not '-5000'"),
    ("yaml income below zero", "profile.yaml",
     b"income_streams:\n  - name: Rent\n    monthly_amount: -200\n",
     "Cannot import profile.yaml, line 3, column 'monthly_amount': monthly_amount must be a "
     "number of zero or more, not '-200'"),
    ("yaml income", "profile.yaml", b"income_streams:\n  - kind: rental\n    monthly_amount: 100\n",
     "Cannot import profile.yaml, line 2, column 'name': an income stream needs a name"),
    ("yaml section twice", "profile.yaml",
     b"skills:\n  - Python\ntargets:\n  companies: [Acme]\nskills:\n  - SQL\n",
     "Cannot import profile.yaml, line 5: not valid YAML (duplicate key \"skills\" (first on "
     "line 1))"),
    ("yaml key twice", "profile.yaml", b"skills:\n  - skill: SQL\n    proficiency: 3\n    proficiency: 4\n",
     "Cannot import profile.yaml, line 4: not valid YAML (duplicate key \"proficiency\" (first "
     "on line 3))"),
    ("yaml key twice on a line", "profile.yaml", b"skills:\n  - {skill: SQL, skill: R}\n",
     "Cannot import profile.yaml, line 2: not valid YAML (duplicate key \"skill\" (first on "
     "line 2))"),
    ("yaml targets", "profile.yaml", b"targets:\n  dream: [Acme]\n",
     "Cannot import profile.yaml, line 2: unknown target list 'dream' (expected companies, "
     "roles, locations)"),
]  # fmt: skip


@pytest.fixture
def con():
    """A workspace that already holds a profile, so 'unchanged' means something."""
    connection = store.connect(":memory:")
    import_profile(connection, FIXTURES / "profile" / "profile.yaml")
    import_profile(connection, FIXTURES / "profile" / "Positions.csv")
    yield connection
    connection.close()


def refused(con, tmp_path, importer, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot(con)
    with pytest.raises(ImportFailed) as failure:
        importer(con, path)
    assert snapshot(con) == before
    return str(failure.value)


@pytest.mark.parametrize(
    ("name", "data", "message"), [c[1:] for c in PROFILE_CASES], ids=[c[0] for c in PROFILE_CASES]
)
def test_profile_refused(con, tmp_path, name, data, message):
    assert refused(con, tmp_path, import_profile, name, data) == message


def test_missing_file(con, tmp_path):
    with pytest.raises(ImportFailed, match=r"^Cannot import nothing\.csv: cannot read the file"):
        import_profile(con, tmp_path / "nothing.csv")


def test_error_names_the_file_it_was_given(con, tmp_path):
    path = tmp_path / "upload-8f3a.tmp"
    path.write_bytes(b"")
    with pytest.raises(ImportFailed, match=r"^Cannot import Skills\.csv: the file is empty$"):
        import_profile(con, path, file_name="Skills.csv")


INTERACTION_CASES = [
    ("messages empty", import_messages, "messages.csv", b"",
     "Cannot import messages.csv: the file is empty"),
    ("messages binary", import_messages, "messages.csv", PNG,
     "Cannot import messages.csv: this is a binary file, not text (is it the right file?)"),
    ("messages no date", import_messages, "messages.csv", b"FROM,TO,CONTENT\na,b,c\n",
     "Cannot import messages.csv, line 1: missing column 'DATE' (the header is 'FROM,TO,CONTENT')"),
    ("invitations no direction", import_invitations, "Invitations.csv",
     b"From,To,Sent At,Message\na,b,\"6/17/23, 6:18 AM\",\n",
     "Cannot import Invitations.csv, line 1: missing column 'DIRECTION' (the header is "
     "'From,To,Sent At,Message')"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("importer", "name", "data", "message"),
    [c[1:] for c in INTERACTION_CASES],
    ids=[c[0] for c in INTERACTION_CASES],
)
def test_interactions_refused(con, tmp_path, importer, name, data, message):
    assert refused(con, tmp_path, importer, name, data) == message


def test_corrupt_zip(con, tmp_path):
    message = refused(con, tmp_path, import_linkedin_archive, "export.zip", PNG * 20)
    assert (
        message == "Cannot import export.zip: not a readable ZIP archive (File is not a zip file)"
    )


def test_truncated_zip(con, tmp_path):
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w") as archive:
        archive.writestr("Skills.csv", "Name\nPython\n" * 200)
    data = whole.read_bytes()
    message = refused(con, tmp_path, import_linkedin_archive, "export.zip", data[: len(data) // 2])
    assert (
        message == "Cannot import export.zip: not a readable ZIP archive (File is not a zip file)"
    )


def test_damaged_member_changes_nothing(con, tmp_path):
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("Skills.csv", "Name\nPython\nGo\n")
        archive.writestr("Positions.csv", (FIXTURES / "profile" / "Positions.csv").read_bytes())
    data = bytearray(whole.read_bytes())
    at = data.index(b"Reporting in Excel")
    data[at] = ord("r")  # the stored bytes no longer match their CRC
    message = refused(con, tmp_path, import_linkedin_archive, "export.zip", bytes(data))
    assert message == (
        "Cannot import export.zip/Positions.csv: the ZIP archive is damaged "
        "(Bad CRC-32 for file 'Positions.csv')"
    )


def test_zip_without_linkedin_files(con, tmp_path):
    whole = tmp_path / "photos.zip"
    with zipfile.ZipFile(whole, "w") as archive:
        archive.writestr("holiday/beach.jpg", PNG)
        archive.writestr("Learning.csv", "Content Title\nSQL\n")
    message = refused(con, tmp_path, import_linkedin_archive, "photos.zip", whole.read_bytes())
    assert message == (
        "Cannot import photos.zip: no LinkedIn export files found (expected Profile.csv, "
        "Positions.csv, Skills.csv, Endorsement_Received_Info.csv, Connections.csv, "
        "messages.csv, Invitations.csv, Job Seeker Preferences.csv, Saved Jobs.csv)"
    )


def test_missing_archive(con, tmp_path):
    with pytest.raises(ImportFailed) as failure:
        import_linkedin_archive(con, tmp_path / "export.zip")
    assert str(failure.value) == "Cannot import export.zip: the file does not exist"


def test_bad_member_in_archive_changes_nothing(con, tmp_path):
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w") as archive:
        archive.writestr("export/Skills.csv", "Name\nRust\n")
        archive.writestr("export/Positions.csv", "Company Name,Title\nAcme,Analyst\n")
    message = refused(con, tmp_path, import_linkedin_archive, "export.zip", whole.read_bytes())
    assert message == (
        f"Cannot import export.zip/Positions.csv, line 1: unrecognised header "
        f"'Company Name,Title': {EXPECTED}"
    )
