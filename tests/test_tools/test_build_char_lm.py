"""tools/misc/build_char_lm.py and tools/analysis_tools/tune_ctc_lm.py."""
import json
import os.path as osp
import subprocess
import sys

from ocrrec_plugin.models.postprocessors import CharNGramLM
from ocrrec_plugin.utils import get_model

from ..conftest import REPO_ROOT, TOY_DIR

BUILD = osp.join(REPO_ROOT, 'tools', 'misc', 'build_char_lm.py')
TUNE = osp.join(REPO_ROOT, 'tools', 'analysis_tools', 'tune_ctc_lm.py')
MICRO = get_model('convnextvit-micro_ctc_curriculum_zh-en')


def run(*args):
    proc = subprocess.run([sys.executable, *args], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def write_labels(path, texts):
    path.write_text(json.dumps(dict(
        metainfo=dict(dataset_type='TextRecogDataset', task_name='textrecog'),
        data_list=[dict(img_path=f'{i}.jpg', instances=[dict(text=t)])
                   for i, t in enumerate(texts)])))
    return str(path)


def test_build_counts_label_texts_mapped_onto_the_dictionary(tmp_path):
    a = write_labels(tmp_path / 'a.json', ['TOTAL 1', 'TOTAL 2'])
    b = write_labels(tmp_path / 'b.json', ['合计：5é'])  # é: not in it
    out = str(tmp_path / 'lm.txt.gz')
    printed = run(BUILD, out, '--labels', a, b, '--no-corpus', '--order',
                  '3', '--min-count', '1', '--label-repeat', '2')
    assert 'order 3' in printed
    lm = CharNGramLM.load(out)
    assert (lm.order, lm.vocab_size) == (3, 7127)
    assert lm.counts['tot'] == 4  # folded, twice per file pass
    assert lm.counts['计：'] == 2
    assert 'é' not in lm.counts and lm.counts['5e'] == 2
    # The same input, the same file.
    again = str(tmp_path / 'again.txt.gz')
    run(BUILD, again, '--labels', a, b, '--no-corpus', '--order', '3',
        '--min-count', '1', '--label-repeat', '2')
    with open(out, 'rb') as f1, open(again, 'rb') as f2:
        assert f1.read() == f2.read()


def test_tune_prints_greedy_beam_and_every_setting(tmp_path):
    labels = osp.join(TOY_DIR, 'labels.json')
    with open(labels) as f:
        texts = [d['instances'][0]['text']
                 for d in json.load(f)['data_list']]
    lm = str(tmp_path / 'lm.txt.gz')
    CharNGramLM.train(texts, order=3, vocab_size=7129).save(lm)
    out = run(TUNE, MICRO.config, MICRO.weights_path(),
              labels, lm, '--lm-weights', '0.2', '0.5', '--length-bonuses',
              '0.5', '--case-penalties', '0', '2', '--threads', '1')
    rows = [r.split('|')[1:-1] for r in out.splitlines()
            if r.startswith('| ') and 'decoding' not in r]
    assert [r[0].strip() for r in rows] == [
        'config (greedy)', 'beam'] + ['beam + lm.txt.gz'] * 4
    assert [r[1].strip() for r in rows[2:]] == ['0.2', '0.2', '0.5', '0.5']
    assert [r[4].strip() for r in rows[2:]] == ['0', '2', '0', '2']
    for r in rows:
        assert all(0 <= float(v) <= 1 for v in r[5:8])
    # An LM of the very labels can only help.
    assert float(rows[-2][6]) >= float(rows[0][6])
