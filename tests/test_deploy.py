"""The documented production set-up passes Django's deployment check, and production refuses to
start without what it needs. Each check runs `otdel check` in a new process with the variables
of `.env.example` (the settings are read once per process)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from otdel import envfile

PROJECT = Path(__file__).resolve().parent.parent


def documented() -> dict[str, str]:
    return envfile.parse((PROJECT / ".env.example").read_text(encoding="utf-8"))


def otdel_check(tmp_path: Path, variables: dict[str, str], *args: str):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(PROJECT),
        "DJANGO_SETTINGS_MODULE": "otdel.settings",
        "OTDEL_VAR_DIR": str(tmp_path / "var"),
        "OTDEL_ENV_FILE": str(tmp_path / "no.env"),  # not a developer's own .env
        **variables,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "django", "check", *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_documented_production_settings_pass_the_deploy_check(tmp_path):
    variables = {**documented(), "SECRET_KEY": secrets.token_urlsafe(50)}
    assert variables["OTDEL_ENV"] == "production"
    done = otdel_check(tmp_path, variables, "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
    assert "WARNING" not in done.stdout + done.stderr


def test_the_deploy_check_fails_without_the_production_profile(tmp_path):
    """The check above can fail: the same settings in the development profile are refused."""
    variables = {**documented(), "SECRET_KEY": secrets.token_urlsafe(50), "OTDEL_ENV": ""}
    for name in ["SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS"]:
        variables.pop(name)
    done = otdel_check(tmp_path, variables, "--deploy", "--fail-level", "WARNING")
    assert done.returncode != 0
    for warning in ["security.W004", "security.W008", "security.W012", "security.W016"]:
        assert warning in done.stderr


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "otdel-insecure-development-key"}, "SECRET_KEY is not set"),
        ({"DEBUG": "1"}, "DEBUG must be off in production"),
        ({"OTDEL_STORAGE": "ftp"}, "OTDEL_STORAGE is 'local' or 's3'"),
        ({"AWS_STORAGE_BUCKET_NAME": ""}, "OTDEL_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"),
    ],
)
def test_production_refuses_to_start_without_what_it_needs(tmp_path, change, message):
    variables = {**documented(), "SECRET_KEY": secrets.token_urlsafe(50), **change}
    done = otdel_check(tmp_path, variables)
    assert done.returncode != 0
    assert message in done.stderr


def test_a_developer_machine_needs_no_setting(tmp_path):
    done = otdel_check(tmp_path, {})
    assert done.returncode == 0, done.stderr


def test_the_env_file_fills_what_the_environment_leaves_unset(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# comment\nexport OTDEL_TEST_A='quoted value'\nOTDEL_TEST_B = 2\n\nOTDEL_TEST_C=\n"
    )
    monkeypatch.setenv("OTDEL_TEST_B", "from the environment")
    monkeypatch.delenv("OTDEL_TEST_A", raising=False)
    monkeypatch.delenv("OTDEL_TEST_C", raising=False)
    assert envfile.load(env_file) == {
        "OTDEL_TEST_A": "quoted value",
        "OTDEL_TEST_B": "2",
        "OTDEL_TEST_C": "",
    }
    assert os.environ["OTDEL_TEST_A"] == "quoted value"
    assert os.environ["OTDEL_TEST_B"] == "from the environment"
    with pytest.raises(ValueError, match="line 1"):
        envfile.parse("not a pair\n")


def test_every_variable_the_settings_read_is_documented():
    read = set()
    for path in [PROJECT / "otdel" / "settings.py", PROJECT / "otdel" / "gunicorn_conf.py"]:
        text = path.read_text()
        for opener in ['os.environ.get("', 'env_bool("', 'env_list("', '_int("', 'os.environ["']:
            for chunk in text.split(opener)[1:]:
                read.add(chunk.split('"')[0])
    documented_names = {
        line.lstrip("# ").split("=")[0]
        for line in (PROJECT / ".env.example").read_text().splitlines()
        if "=" in line and line.lstrip("# ").split("=")[0].isupper()
    }
    assert read - documented_names == set()


def python(tmp_path: Path, variables: dict[str, str], script: str) -> str:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(PROJECT),
        "DJANGO_SETTINGS_MODULE": "otdel.settings",
        "OTDEL_VAR_DIR": str(tmp_path / "var"),
        "OTDEL_ENV_FILE": str(tmp_path / "no.env"),
        **variables,
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", "import django; django.setup()\n" + script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_uploaded_files_go_to_a_private_bucket_when_the_environment_says_s3(tmp_path):
    """The storage is built from the settings alone (boto3 reaches the bucket only on use)."""
    variables = {**documented(), "SECRET_KEY": secrets.token_urlsafe(50)}
    s3 = python(
        tmp_path,
        variables,
        "from django.core.files.storage import storages\n"
        "s = storages['default']\n"
        "print(type(s).__name__, s.bucket_name, s.default_acl, s.querystring_auth, s.location)",
    )
    assert s3.split() == ["S3Storage", "otdel-files", "private", "True", "media"]
    local = python(
        tmp_path,
        {**variables, "OTDEL_STORAGE": "local"},
        "import sys\n"
        "from django.core.files.storage import storages\n"
        "s = storages['default']\n"
        "print(type(s).__name__, s.location, 'boto3' in sys.modules)",
    )
    assert local.split() == ["FileSystemStorage", str(tmp_path / "var" / "media"), "False"]
