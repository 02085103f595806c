"""Grid-search the LM weight, length bonus and case penalty of CTC beam search.

Reads every line of a labelled set once with the recognizer (greedy
postprocessing replaced by a recorder), then decodes the stored
probabilities with :class:`CTCBeamSearchPostProcessor` at every
``--lm-weights`` x ``--length-bonuses`` x ``--prior-weights`` x
``--case-penalties`` setting, and prints a table of exact,
ignore-case-symbol and 1-NED accuracy, greedy decoding first. Tune on lines
the LM did not see (``--labels`` of ``build_char_lm.py`` without them).

Usage::

    python tools/analysis_tools/tune_ctc_lm.py CONFIG WEIGHTS LABELS LM... \\
        --lm-weights 0 0.2 0.4 --length-bonuses 0 0.5 1 --case-penalties 0 2
"""
import argparse
import os.path as osp
import time
from typing import List, Tuple

import numpy as np
import torch
from mmocr.models.common.dictionary import Dictionary

from ocrrec_plugin.apis.benchmark import load_set
from ocrrec_plugin.evaluation.scoring import score_predictions


def record_probs(
    config: str, weights: str, images: List[np.ndarray], batch_size: int
) -> Tuple[List[np.ndarray], List[str], Dictionary]:
    """Per line, the log-probabilities :math:`(T, C)` of its valid frames
    and the config's own (greedy) reading; and the model's dictionary."""
    from mmocr.apis import TextRecInferencer

    from ocrrec_plugin.models.postprocessors import valid_log_probs
    inferencer = TextRecInferencer(model=config, weights=weights,
                                   device='cpu')
    decoder = inferencer.model.decoder
    greedy = decoder.postprocessor
    recorded: List[np.ndarray] = []

    def recorder(probs: torch.Tensor, samples):
        for p, s in zip(probs.detach().cpu(), samples):
            recorded.append(valid_log_probs(p, s.get('valid_ratio', 1)))
        return greedy(probs, samples)

    decoder.postprocessor = recorder
    preds = inferencer(images, batch_size=batch_size,
                       progress_bar=False)['predictions']
    return recorded, [p['text'] for p in preds], decoder.dictionary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('weights')
    parser.add_argument('labels', help='labels.json or LMDB folder')
    parser.add_argument('lms', nargs='+',
                        help='CharNGramLM files (.txt.gz), each tried')
    parser.add_argument('--lm-weights', type=float, nargs='+',
                        default=[0.1, 0.2, 0.3, 0.5])
    parser.add_argument('--length-bonuses', type=float, nargs='+',
                        default=[0., 0.5, 1.])
    parser.add_argument('--prior-weights', type=float, nargs='+',
                        default=[0.])
    parser.add_argument('--case-penalties', type=float, nargs='+',
                        default=[0.])
    parser.add_argument('--beam-size', type=int, default=8)
    parser.add_argument('--batch-size', type=int, default=32)
    parser.add_argument('--threads', type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    from mmocr.utils import register_all_modules
    register_all_modules()
    import ocrrec_plugin  # noqa: F401
    from ocrrec_plugin.models.postprocessors import (
        CharNGramLM, CTCBeamSearchPostProcessor)
    _, texts, images = load_set(args.labels)
    logps, greedy, dictionary = record_probs(args.config, args.weights,
                                             images, args.batch_size)
    from mmengine.config import Config
    ignore = Config.fromfile(args.config).model.decoder.postprocessor.get(
        'ignore_chars', ['padding'])

    print(f'{len(texts)} lines of {args.labels}\n')
    print('| decoding | LM weight | length bonus | prior weight | '
          'case penalty | exact | ignore-case-symbol | 1-NED | ms/line |')
    print('|---|---|---|---|---|---|---|---|---|')

    def row(name: str, weight: float, bonus: float, prior: float,
            case: float, preds: List[str], ms: float) -> None:
        s = score_predictions(preds, texts)
        print(f'| {name} | {weight:g} | {bonus:g} | {prior:g} | {case:g} | '
              f'{s["line_acc"]:.4f} | '
              f'{s["line_acc_ignore_case_symbol"]:.4f} | '
              f'{s["line_1-NED"]:.4f} | {ms:.1f} |')

    row('config (greedy)', 0, 0, 0, 0, greedy, float('nan'))
    settings = [(None, 0., 0., 0., 0.)] + [(lm, w, b, q, c)
                                           for lm in args.lms
                                           for w in args.lm_weights
                                           for b in args.length_bonuses
                                           for q in args.prior_weights
                                           for c in args.case_penalties]
    lms = {}
    for lm, weight, bonus, prior, case in settings:
        decoder = CTCBeamSearchPostProcessor(
            dictionary=dictionary,
            lm_file=None,
            lm_weight=weight,
            length_bonus=bonus,
            prior_weight=prior,
            case_penalty=case,
            beam_size=args.beam_size,
            ignore_chars=ignore)
        if lm:  # load the file once
            if lm not in lms:
                lms[lm] = CharNGramLM.load(lm, dictionary.num_classes)
            decoder.lm = lms[lm]
        start = time.perf_counter()
        preds = [dictionary.idx2str(decoder.search(lp)[0]) for lp in logps]
        ms = 1000 * (time.perf_counter() - start) / max(len(logps), 1)
        row(f'beam + {osp.basename(lm)}' if lm else 'beam', weight, bonus,
            prior, case, preds, ms)


if __name__ == '__main__':
    main()
