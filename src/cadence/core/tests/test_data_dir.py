"""The data directory (secret key, SQLite database, uploads) is created for the service's account only."""

import os
import stat
import subprocess
import sys


def test_a_new_data_directory_and_its_files_are_private(tmp_path):
    data = tmp_path / "fresh" / "data"
    env = {**os.environ, "CADENCE_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "cadence.config.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("CADENCE_SECRET_KEY", None)
    script = "import django; django.setup(); from django.db import connection; connection.ensure_connection()"
    subprocess.run([sys.executable, "-c", script], env=env, check=True, umask=0o022)

    def mode(path):
        return stat.S_IMODE(path.stat().st_mode)

    assert mode(data) == 0o700
    assert mode(data / "secret_key") == 0o600
    assert mode(data / "cadence.sqlite3") == 0o600
