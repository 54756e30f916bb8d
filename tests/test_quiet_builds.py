"""One-off model builds print nothing but their own Danish line (embed.quiet).

On a fresh machine the first ``make demo`` printed torch's ``TracerWarning`` (transformers/masking_utils.py)
and ``UserWarning`` (torch/onnx/.../symbolic_opset11.py) blocks under "Gør navnegenkendelsen (e5-NER) klar
til ONNX Runtime …". The slow test builds the name tagger for ONNX Runtime into an empty cache, as that first
run did, and reads what reached stderr.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import threading
import warnings
from pathlib import Path

import pytest

from focusgroup.embed.quiet import quiet_build
from focusgroup.errors import UserError
from focusgroup.messages import text
from focusgroup.nlp import e5_ner

REPO = Path(__file__).resolve().parents[1]


def test_a_build_keeps_its_warnings_and_log_lines_for_the_build_folder(tmp_path: Path, capfd, recwarn,
                                                                         caplog) -> None:
    log = tmp_path / "build_warnings.txt"
    with quiet_build("e5-test", log) as notes:
        warnings.warn("Converting a tensor to a Python boolean might cause the trace to be incorrect", UserWarning,
                      stacklevel=1)
        logging.warning("Please consider to run pre-processing before quantization")
        logging.getLogger("onnxruntime.transformers.optimizer").warning("fused 12 attention nodes")
    err = capfd.readouterr().err
    assert "trace" not in err and "pre-processing" not in err and "fused" not in err, err
    assert not recwarn.list and not caplog.records
    assert len(notes) == 3 and "UserWarning" in notes[0] and "pre-processing" in notes[1], notes
    assert log.read_text(encoding="utf-8").splitlines()[0].endswith("might cause the trace to be incorrect")
    # afterwards warnings and log lines reach whoever shows them again
    warnings.warn("after the build", UserWarning, stacklevel=1)
    logging.getLogger("focusgroup.test").warning("a log line after the build")
    assert [str(w.message) for w in recwarn.list] == ["after the build"]
    assert [r.getMessage() for r in caplog.records] == ["a log line after the build"]


def test_only_the_building_thread_is_quiet(recwarn, caplog) -> None:
    """The NER build runs in a thread beside the embedding: the other thread's warnings still show."""
    inside, done = threading.Event(), threading.Event()

    def other() -> None:
        inside.wait(10)
        warnings.warn("the other thread's warning", UserWarning, stacklevel=1)
        logging.getLogger("focusgroup.other").warning("the other thread's log line")
        done.set()

    worker = threading.Thread(target=other)
    worker.start()
    with quiet_build("e5-test") as notes:
        inside.set()
        assert done.wait(10)
        warnings.warn("the build's warning", UserWarning, stacklevel=1)
    worker.join()
    assert [str(w.message) for w in recwarn.list] == ["the other thread's warning"]
    assert [r.getMessage() for r in caplog.records] == ["the other thread's log line"]
    assert len(notes) == 1 and "the build's warning" in notes[0]


def test_a_catch_warnings_block_in_another_thread_does_not_undo_the_quiet(recwarn) -> None:
    """BERTopic's fit runs inside ``warnings.catch_warnings()`` (themes/model.py), which saves and restores
    ``warnings.showwarning``; entered before a build and left during it, it must not let the build's warnings out."""
    entered, build_started, leave, left = (threading.Event() for _ in range(4))

    def fit() -> None:
        with warnings.catch_warnings():
            entered.set()
            build_started.wait(10)
            leave.wait(10)
        left.set()

    worker = threading.Thread(target=fit)
    worker.start()
    assert entered.wait(10)
    with quiet_build("e5-test") as notes:
        build_started.set()
        leave.set()
        assert left.wait(10)
        warnings.warn("after the other block ended", UserWarning, stacklevel=1)
    worker.join()
    assert not recwarn.list and len(notes) == 1 and "after the other block ended" in notes[0]


def test_a_failed_build_is_a_user_error() -> None:
    with pytest.raises(UserError) as info, quiet_build("e5-NER (ONNX Runtime)"):
        raise RuntimeError("ONNX export failed: Unsupported operator\nlong traceback text")
    assert info.value.code == "model_build_failed"
    message = info.value.message("da")
    assert message == "kunne ikke gøre e5-NER (ONNX Runtime) klar: RuntimeError: ONNX export failed: Unsupported operator"
    assert isinstance(info.value.__cause__, RuntimeError)


@pytest.mark.slow
@pytest.mark.skipif(not e5_ner.available(), reason="models/ner_e5_da or a base not installed")
def test_first_ner_build_prints_only_its_danish_line(tmp_path: Path) -> None:
    """The ONNX export of the name tagger into an empty cache, as on a fresh machine (about a minute)."""
    code = textwrap.dedent(
        """
        from focusgroup.nlp.e5_ner_load import load_e5_ner
        ner = load_e5_ner(engine="onnx")
        print("ENGINE", ner.engine)
        """
    )
    env = {**os.environ, "FOCUSGROUP_CACHE_DIR": str(tmp_path / "cache"), "OMP_NUM_THREADS": "1",
           "FOCUSGROUP_LANG": "da", "PYTHONWARNINGS": ""}
    res = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=900)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "ENGINE onnx" in res.stdout
    assert res.stderr.strip().splitlines() == [text("ner_onnx_building", "da")], res.stderr[-3000:]
    built = [p for p in (tmp_path / "cache").iterdir() if p.name.startswith("ner-e5-") and (p / "DONE").is_file()]
    assert len(built) == 1 and "TracerWarning" in (built[0] / "build_warnings.txt").read_text(encoding="utf-8")
