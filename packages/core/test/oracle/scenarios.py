"""The same small graphs as oracle.test.ts, run in Python streamz 0.6.4. Prints {name: output} as JSON."""
import json
from streamz import Stream

def run(build, feed):
    out = []
    sources = build(out.append)
    feed(*sources) if isinstance(sources, tuple) else feed(sources)
    return out

def emit_all(s, xs):
    for x in xs:
        s.emit(x)

S = {}
def scenario(fn):
    S[fn.__name__] = fn
    return fn

@scenario
def map_accumulate():
    s = Stream(); out = []
    s.map(lambda x: x + 1).accumulate(lambda a, x: a + x).sink(out.append)
    emit_all(s, range(6)); return out

@scenario
def accumulate_start():
    s = Stream(); out = []
    s.accumulate(lambda a, x: a * 10 + x, start=7).sink(out.append)
    emit_all(s, [1, 2, 3]); return out

@scenario
def accumulate_returns_state():
    s = Stream(); out = []
    s.accumulate(lambda acc, x: ((acc[0] + 1, x), (acc[0], x)), start=(0, 0), returns_state=True).sink(out.append)
    emit_all(s, [5, 6, 7]); return out

@scenario
def filter_map():
    s = Stream(); out = []
    s.filter(lambda x: x % 3 == 0).map(lambda x: x * x).sink(out.append)
    emit_all(s, range(10)); return out

@scenario
def partition_n():
    s = Stream(); out = []
    s.partition(3).sink(out.append)
    emit_all(s, range(10)); return out

@scenario
def partition_key():
    s = Stream(); out = []
    s.partition(2, key=lambda x: x % 3).sink(out.append)
    emit_all(s, range(9)); return out

@scenario
def sliding_partial():
    s = Stream(); out = []
    s.sliding_window(3).sink(out.append)
    emit_all(s, range(5)); return out

@scenario
def sliding_full():
    s = Stream(); out = []
    s.sliding_window(3, return_partial=False).sink(out.append)
    emit_all(s, range(6)); return out

@scenario
def unique_all():
    s = Stream(); out = []
    s.unique().sink(out.append)
    emit_all(s, [1, 2, 1, 3, 2, 4, 1]); return out

@scenario
def unique_recent():
    s = Stream(); out = []
    s.unique(maxsize=1).sink(out.append)
    emit_all(s, [1, 1, 2, 2, 1, 3, 3, 1]); return out

@scenario
def pluck_one_and_many():
    s = Stream(); out = []
    s.pluck('a').sink(out.append)
    s.pluck(['b', 'a']).sink(out.append)
    emit_all(s, [{'a': 1, 'b': 2}, {'a': 3, 'b': 4}]); return out

@scenario
def flatten():
    s = Stream(); out = []
    s.flatten().sink(out.append)
    emit_all(s, [[1, 2], [], [3], [4, 5, 6]]); return out

@scenario
def zip_three():
    a, b, c = Stream(), Stream(), Stream(); out = []
    a.zip(b, c).sink(out.append)
    a.emit(1); a.emit(2); b.emit('x'); c.emit(True); b.emit('y'); a.emit(3); c.emit(False)
    return out

@scenario
def combine_latest():
    a, b = Stream(), Stream(); out = []
    a.combine_latest(b).sink(out.append)
    a.emit(1); a.emit(2); b.emit('x'); a.emit(3); b.emit('y')
    return out

@scenario
def combine_latest_emit_on():
    a, b = Stream(), Stream(); out = []
    a.combine_latest(b, emit_on=a).sink(out.append)
    a.emit(1); b.emit('x'); a.emit(2); b.emit('y'); b.emit('z'); a.emit(3)
    return out

@scenario
def zip_latest():
    a, b = Stream(), Stream(); out = []
    a.zip_latest(b).sink(out.append)
    a.emit(1); a.emit(2); b.emit('x'); a.emit(3); b.emit('y'); b.emit('z'); a.emit(4)
    return out

@scenario
def union():
    a, b = Stream(), Stream(); out = []
    a.union(b).sink(out.append)
    a.emit(1); b.emit('x'); a.emit(2)
    return out

@scenario
def collect_flush():
    s = Stream(); out = []
    c = s.collect(); c.sink(out.append)
    s.emit(1); s.emit(2); c.flush(); s.emit(3); c.flush()
    return out

@scenario
def depth_first_order():
    s = Stream(); out = []
    a = s.map(lambda x: x + 1)
    a.sink(lambda x: out.append(('a1', x)))
    a.map(lambda x: x * 10).sink(lambda x: out.append(('a2', x)))
    s.sink(lambda x: out.append(('b', x)))
    emit_all(s, [1, 2]); return out

@scenario
def starmap():
    s = Stream(); out = []
    s.starmap(lambda a, b: a * b).sink(out.append)
    emit_all(s, [(2, 3), (4, 5)]); return out

@scenario
def slice_start_only():
    s = Stream(); out = []
    s.slice(2).sink(out.append)
    emit_all(s, range(6)); return out

print(json.dumps({name: fn() for name, fn in S.items()}))
