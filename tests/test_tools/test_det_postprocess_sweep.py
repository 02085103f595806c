"""tools/analysis_tools/det_postprocess_sweep.py on the demo page."""
import json
import os.path as osp
import re
import subprocess
import sys

from ocrrec_plugin.apis.text_spotter import DEFAULT_DET_MODEL
from ocrrec_plugin.utils import get_model

from ..conftest import REPO_ROOT

TOOL = osp.join(REPO_ROOT, 'tools', 'analysis_tools',
                'det_postprocess_sweep.py')


def test_sweep_scores_each_tolerance_on_labelled_pages(tmp_path):
    with open(osp.join(REPO_ROOT, 'docs', 'demo', 'demo_page.json'),
              encoding='utf-8') as f:
        lines = json.load(f)['lines']
    ann = tmp_path / 'textdet.json'
    ann.write_text(
        json.dumps(
            dict(data_list=[
                dict(
                    img_path='demo_page.jpg',
                    instances=[
                        dict(polygon=line['poly'], ignore=False)
                        for line in lines
                    ])
            ])))
    det = get_model(DEFAULT_DET_MODEL)
    proc = subprocess.run([
        sys.executable, TOOL, det.config, det.weights_path(),
        '--ann', str(ann), '--data-root',
        osp.join(REPO_ROOT, 'docs', 'demo'), '--epsilon-ratios', '0.01',
        '0.002', '--threads', '1'
    ], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = {
        float(m[0]): tuple(map(float, m[1:]))
        for m in re.findall(
            r'^\| ([\d.]+) \| 1\.5 \| 0\.5 \| ([\d.]+) \| ([\d.]+) \| '
            r'([\d.]+) \|$', proc.stdout, re.M)
    }
    # The shipped tolerance finds all 12 lines; MMOCR's drops the long ones.
    assert set(rows) == {0.01, 0.002}
    assert rows[0.002][1] == 1.0
    assert rows[0.01][1] < 0.5
    # Heights of the matched lines, binned: 12 lines in all.
    bins = re.findall(r'^\| \d+-\d+ \| (\d+) \| ([\d.]+) \|$', proc.stdout,
                      re.M)
    assert sum(int(n) for n, _ in bins) == 12
    assert all(0.3 < float(r) < 1.5 for _, r in bins)
