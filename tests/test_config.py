import os
import stat
from pathlib import Path

import pytest
from pydantic import SecretStr

from netra_core.config import Settings, get_settings, resolve_cookie_key
from netra_core.errors import ConfigError
from tests.conftest import make_test_settings


def test_defaults_put_both_stores_under_the_data_dir(tmp_path: Path) -> None:
    s = make_test_settings(tmp_path / "d")
    assert s.resolved_database_url == f"sqlite:///{(tmp_path / 'd' / 'netra.db').resolve()}"
    assert s.resolved_store_url == f"chdb://{(tmp_path / 'd' / 'workloads').resolve()}"


def test_env_prefix_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETRA_APP_PORT", "9001")
    monkeypatch.setenv("NETRA_LLM_API_KEY", "sk-secret-value")
    s = get_settings()
    assert s.app_port == 9001
    assert "sk-secret-value" not in repr(s) and "sk-secret-value" not in str(s.model_dump())


def test_dotenv_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NETRA_DATA_DIR")
    (tmp_path / ".env").write_text("NETRA_APP_PORT=8600\nNETRA_DATA_DIR=elsewhere\n")
    s = Settings()
    assert s.app_port == 8600 and s.data_dir == Path("elsewhere")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("NETRA_DATABASE_URL", "mysql://x@h/db", "sqlite"),
        ("NETRA_WORKLOAD_STORE_URL", "ftp://h/x", "chdb"),
        ("NETRA_APP_PORT", "not-a-port", "app_port"),
    ],
)
def test_bad_settings_name_the_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        get_settings()


def test_cookie_key_is_generated_once_private_and_reused(tmp_path: Path) -> None:
    s = make_test_settings(tmp_path / "d")
    first = resolve_cookie_key(s).get_secret_value()
    second = resolve_cookie_key(s).get_secret_value()
    assert first == second and len(first.encode()) >= 32
    mode = stat.S_IMODE(os.stat(tmp_path / "d" / "cookie_key").st_mode)
    assert mode == 0o600


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "not set"),
        ("short-key", "at least 32"),
        ("replace-me-with-at-least-32-random-bytes", "published example"),
    ],
)
def test_production_refuses_weak_or_missing_cookie_keys(tmp_path: Path, key: str | None, message: str) -> None:
    s = make_test_settings(tmp_path, env="production", cookie_key=SecretStr(key) if key else None)
    with pytest.raises(ConfigError, match=message):
        resolve_cookie_key(s)


def test_production_accepts_a_strong_key(tmp_path: Path) -> None:
    strong = "k" * 20 + "9f8e7d6c5b4a3f2e1d0c"
    s = make_test_settings(tmp_path, env="production", cookie_key=SecretStr(strong))
    assert resolve_cookie_key(s).get_secret_value() == strong


def test_env_example_lists_only_real_settings() -> None:
    example = Path(__file__).resolve().parents[1] / ".env.example"
    names = [line.split("=", 1)[0].lstrip("# ").strip() for line in example.read_text().splitlines() if "=" in line]
    fields = {f"NETRA_{n.upper()}" for n in Settings.model_fields}
    assert names and set(names) <= fields, set(names) - fields
