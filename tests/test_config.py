"""config.toml is checked once, at load: a bad key stops with exit 2 naming the key and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pacesetter.config import ConfigError, load_config
from pacesetter.sample_config import sample_config
from process import cli


def _write(root: Path, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.toml").write_text(text, encoding="utf-8")
    return root


def _line_of(text: str, needle: str, nth: int = 1) -> int:
    seen = 0
    for no, line in enumerate(text.splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == nth:
                return no
    raise AssertionError(needle)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sample_config_loads_with_the_plan_shaped_campaign(tmp_path: Path, lang: str) -> None:
    """A clerk's first `init` must give a campaign that runs as it is."""
    config = load_config(_write(tmp_path, sample_config(lang)))
    types = [u.type for u in config.units]
    assert types.count("office") == 3 and types.count("school") == 8 and types.count("department") == 4
    assert {b.level for b in config.benchmark_units} >= {"city", "province"}
    assert [p.key for p in config.periods()][:2] == ["commitment", "2026-06"]
    assert config.periods()[-1].key == "assessment" and config.language == lang
    assert {u.approver for u in config.units if u.type == "school"} >= {"DC-OFFICE", "BUREAU"}
    assert len(config.inspectors) >= 6


BASE = sample_config("en")


@pytest.mark.parametrize("change,key,needle,nth", [
    (lambda s: s.replace("year = 2026", 'year = "2026"'), "campaign.year", "year = ", 1),
    (lambda s: s.replace("[tasks]\n", "[tasks]\ncolour = 1\n"), "tasks.colour", "colour = 1", 1),
    (lambda s: s.replace('code = "DC-KG"', 'code = "DC-PS1"'), "units[4].code", 'code = "DC-PS1"', 2),
    (lambda s: s.replace('approver = "DC-OFFICE"', 'approver = "NOWHERE"', 1), "units[3].approver",
     'approver = "NOWHERE"', 1),
    (lambda s: s.replace("target_setting_due = 2026-05-15", 'target_setting_due = "15 May"'),
     "calendar.target_setting_due", "target_setting_due", 1),
    (lambda s: s.replace("completion = 0.6", "completion = 0.9"), "scoring.completion",
     "completion = 0.9", 1),
    (lambda s: s.replace('type = "school"', 'type = "college"', 1), "units[3].type", 'type = "college"', 1),
])
def test_a_bad_key_is_named_with_its_line(tmp_path: Path, change, key: str, needle: str, nth: int) -> None:
    """A clerk who mistypes config.toml must be told which key, on which line, not a traceback."""
    text = change(BASE)
    with pytest.raises(ConfigError) as err:
        load_config(_write(tmp_path, text))
    assert err.value.key == key
    assert err.value.line == _line_of(text, needle, nth)


def test_an_approval_loop_is_refused(tmp_path: Path) -> None:
    """Sign-off could never reach the bureau if two offices approved each other."""
    text = BASE.replace('code = "DC-OFFICE"\nname = "Dongcheng Town Education and Culture Office"\n'
                        'type = "office"              # office | school | department (the peer group)\n'
                        'approver = "BUREAU"',
                        'code = "DC-OFFICE"\nname = "Dongcheng Town Education and Culture Office"\n'
                        'type = "office"              # office | school | department (the peer group)\n'
                        'approver = "DC-PS1"')
    with pytest.raises(ConfigError) as err:
        load_config(_write(tmp_path, text))
    assert "loop" in err.value.message and "DC-OFFICE" in err.value.message


def test_cli_exits_2_with_the_key_and_line(tmp_path: Path) -> None:
    """The command line must stop with exit code 2 and say where the mistake is."""
    text = BASE.replace("[tasks]\n", "[tasks]\nmaxx = 12\n")
    root = _write(tmp_path, text)
    result = CliRunner().invoke(cli, ["status", "--root", str(root)])
    assert result.exit_code == 2
    assert "tasks.maxx" in result.output and f"line {_line_of(text, 'maxx = 12')}" in result.output


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    """A missing quote must point at its line rather than crash."""
    text = BASE.replace('name = "Public Culture Section"', 'name = "Public Culture Section')
    with pytest.raises(ConfigError) as err:
        load_config(_write(tmp_path, text))
    assert err.value.line == _line_of(text, 'name = "Public Culture Section')


def test_init_never_overwrites(tmp_path: Path) -> None:
    """Running init twice must not wipe a clerk's edited campaign."""
    root = tmp_path / "c"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--root", str(root)]).exit_code == 0
    (root / "config.toml").write_text(BASE.replace("ratio = 0.3", "ratio = 0.5"), encoding="utf-8")
    result = runner.invoke(cli, ["init", "--root", str(root)])
    assert result.exit_code == 0 and "nothing was changed" in result.output
    assert "ratio = 0.5" in (root / "config.toml").read_text(encoding="utf-8")


def test_every_command_explains_itself(tmp_path: Path) -> None:
    """A clerk typing --help must get plain words and an example for every command."""
    runner = CliRunner()
    top = runner.invoke(cli, ["--help"])
    assert top.exit_code == 0
    for command in ("init", "templates", "demo", "run", "validate", "sample", "status"):
        assert command in top.output
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Example: python process.py" in result.output
        assert "--root" in result.output


# ------------------------------------------------------------------ the parsed copy kept

EVERY_KIND = '''
title = "目标 \\"承诺\\""
"$$x" = 1
n = 12345678901234567890
f = 3.25
big = inf
small = -inf
nothing = nan
yes = true
day = 2026-06-30
moment = 2026-06-30T08:30:00+08:00
local = 2026-06-30T08:30:00.123456
clock = 07:45:10.5
nested = [[1, 2], ["a", 2026-01-01], []]
inline = { "$date" = 2026-02-03, v = "x" }
[[units]]
code = "A"
when = 2026-07-01
[[units]]
code = "B"
'''


def _same(a: object, b: object) -> bool:
    """Equal, NaN included, and of the same types all the way down."""
    if isinstance(a, float) and a != a:
        return isinstance(b, float) and b != b
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)  # type: ignore[attr-defined]
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_same, a, b))  # type: ignore[arg-type]
    return a == b and (not hasattr(a, "utcoffset") or a.utcoffset() == b.utcoffset())  # type: ignore[attr-defined]


def test_the_kept_copy_gives_back_exactly_what_the_text_says(tmp_path: Path) -> None:
    """Every kind of TOML value: a date must come back a date, not its text, or the calendar breaks."""
    import tomllib

    from pacesetter.config import PARSED_NAME, _parsed

    first = _parsed(tmp_path, EVERY_KIND)
    assert (tmp_path / PARSED_NAME).is_file()
    again = _parsed(tmp_path, EVERY_KIND)  # from the kept copy
    assert _same(again, tomllib.loads(EVERY_KIND)) and _same(first, again)


@pytest.mark.parametrize("key", ['"$toml"', '"\\u0024toml"', "a.'$toml'"])
def test_a_text_that_could_spell_the_copys_mark_is_not_kept(tmp_path: Path, key: str) -> None:
    """A table {"$toml": "date", "v": ...} of the unit's own must not come back as a date."""
    import tomllib

    from pacesetter.config import PARSED_NAME, _parsed

    text = f'{key} = "date"\nv = "2026-01-01"\n'
    assert _same(_parsed(tmp_path, text), tomllib.loads(text))
    assert not (tmp_path / PARSED_NAME).exists()
    assert _same(_parsed(tmp_path, text), tomllib.loads(text))


def test_a_changed_config_is_read_afresh(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, sample_config("en")))
    assert load_config(tmp_path) == config  # the second time from the kept copy
    text = sample_config("en").replace(config.campaign_name, "Renamed campaign", 1)
    assert "Renamed campaign" in text
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    assert load_config(tmp_path).campaign_name == "Renamed campaign"


def test_a_damaged_or_unwritable_copy_costs_only_time(tmp_path: Path) -> None:
    from pacesetter.config import PARSED_NAME

    config = load_config(_write(tmp_path, sample_config("zh")))
    kept = tmp_path / PARSED_NAME
    for damage in ('{"sha256": "', "[1, 2]", '{"sha256": 5, "toml": []}', ""):
        kept.write_text(damage, encoding="utf-8")
        assert load_config(tmp_path) == config
    kept.unlink()
    kept.parent.rmdir()
    kept.parent.write_text("not a folder", encoding="utf-8")  # nowhere to keep it
    assert load_config(tmp_path) == config


def test_a_syntax_error_is_named_even_when_an_older_copy_is_kept(tmp_path: Path) -> None:
    text = sample_config("en")
    load_config(_write(tmp_path, text))
    (tmp_path / "config.toml").write_text(text + "\n[broken\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path)
    assert err.value.line == len(text.splitlines()) + 2
