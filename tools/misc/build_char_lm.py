"""Build the character n-gram language model for CTC beam search.

Text: the training split of the synthesiser's corpora (People's Daily
passages and fortunes, the held-out 5% left out, as the held-out synthetic
set draws from it) and the texts of MMOCR textrecog label files (the real
training splits), each label file counted ``--label-repeat`` times. Every
string is mapped onto the recognizer dictionary first.

Usage::

    python tools/misc/build_char_lm.py weights/char-5gram_zh-en.txt.gz \\
        --labels data/sroie/textrecog_train.json \\
        data/iiit5k/textrecog_train.json data/svt/textrecog_train.json \\
        data/lpr/textrecog_train.json
"""
import argparse
import os.path as osp
from typing import Iterator, List

from ocrrec_plugin.apis.benchmark import load_labelled_set
from ocrrec_plugin.datasets.synth.charset import DEFAULT_DICT_FILE, Charset
from ocrrec_plugin.datasets.synth.corpus import TextCorpus
from ocrrec_plugin.datasets.synth.text_sampler import is_heldout_passage
from ocrrec_plugin.models.postprocessors import CharNGramLM


def training_text(charset: Charset, labels: List[str], label_repeat: int,
                  with_corpus: bool) -> Iterator[str]:
    """Every training string, normalised onto ``charset``."""
    if with_corpus:
        corpus = TextCorpus.load(charset)
        for passage in [*corpus.zh_lines, *corpus.en_passages]:
            if not is_heldout_passage(passage):
                yield passage
    for path in labels:
        texts = [charset.normalize(t) for t in load_labelled_set(path)[1]]
        for _ in range(label_repeat):
            yield from texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('out', help='output .txt.gz')
    parser.add_argument('--labels', nargs='*', default=[],
                        help='MMOCR textrecog label files (training splits)')
    parser.add_argument('--label-repeat', type=int, default=1)
    parser.add_argument('--no-corpus', action='store_true',
                        help='label files only')
    parser.add_argument('--dict', default=DEFAULT_DICT_FILE)
    parser.add_argument('--order', type=int, default=5)
    parser.add_argument('--min-count', type=int, default=2)
    args = parser.parse_args()
    charset = Charset(args.dict)
    lm = CharNGramLM.train(
        training_text(charset, args.labels, args.label_repeat,
                      not args.no_corpus),
        order=args.order,
        vocab_size=len(charset),
        min_count=args.min_count)
    lm.save(args.out)
    size = osp.getsize(args.out) / 2**20
    print(f'{args.out}: order {lm.order}, {len(lm.counts):,} n-grams, '
          f'{size:.1f} MiB')


if __name__ == '__main__':
    main()
