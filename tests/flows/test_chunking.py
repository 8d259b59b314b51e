"""Chunks when the user sets no size: every worker gets a few, none is larger than memory allows."""

from flows.inputs import MAX_CHUNK, MIN_CHUNK, auto_chunk_size


def test_a_corpus_is_cut_so_that_every_worker_gets_several_chunks():
    assert auto_chunk_size(2_000, workers=2) == 500  # 4 chunks: 2 each
    assert auto_chunk_size(1_000, workers=4) == 125  # 8 chunks: 2 each


def test_a_national_corpus_is_cut_into_chunks_no_larger_than_the_cap():
    assert auto_chunk_size(400_000, workers=2) == MAX_CHUNK
    assert auto_chunk_size(400_000, workers=64) == MAX_CHUNK


def test_a_small_run_is_not_cut_into_tiny_chunks():
    assert auto_chunk_size(1, workers=2) == MIN_CHUNK  # one chunk of one input
    assert auto_chunk_size(120, workers=2) == MIN_CHUNK  # three chunks, not four of 30
