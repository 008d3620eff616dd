"""The models are declared by subject on first use, each with the subjects its foreign keys name."""

from __future__ import annotations

import subprocess
import sys

from cpts_desktop.store import models
from cpts_desktop.store.base import Base


def _closure(module: str) -> set[str]:
    """``module`` and every module it declares first, through REFERENCES (which has cycles)."""
    found, waiting = set(), [module]
    while waiting:
        current = waiting.pop()
        if current not in found:
            found.add(current)
            waiting.extend(models.REFERENCES.get(current, ()))
    return found


def test_each_module_declares_the_modules_its_foreign_keys_name():
    """A flush looks up every foreign key's table: a module declared without them would fail there."""
    models.load_all()
    module_of_table = {
        mapper.local_table.name: mapper.class_.__module__.rsplit(".", 1)[1] for mapper in Base.registry.mappers
    }
    module_of_table["action_grants"] = "projects"
    assert set(module_of_table) == set(Base.metadata.tables)
    for table in Base.metadata.tables.values():
        module = module_of_table[table.name]
        for key in table.foreign_keys:
            assert module_of_table[key.column.table.name] in _closure(module), (table.name, key.target_fullname)
    assert sorted(models.__all__) == sorted(models.MODULE_OF)


def test_asking_for_a_member_declares_neither_the_aci_nor_the_mail():
    code = (
        "import sys\n"
        "from cpts_desktop.store.models import Member, Mandate\n"
        "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('cpts_desktop.store.models.')))\n"
    )
    declared = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert declared.split() == ["['association',", "'governance',", "'meetings',", "'members']"]
