"""Command generators and reply comparison rules of the differential test for the data types
(hashes, lists, sets, sorted sets, bitmaps, SORT). `test_differential.Gen` mixes them in.

A family takes part only when the server under test implements every one of its commands
(FAMILIES, probed with COMMAND INFO), so the differential test runs before the types exist.

Comparison rules (all replies are compared byte for byte unless listed here):
* UNORDERED: members of a hash table come in an implementation-defined order, so the reply is
  compared as a multiset (HGETALL as field/value pairs);
* RANDOM: replies that depend on a random choice are compared by shape only (same error, same
  null-ness, same reply type and length);
* SCANS: compared as multisets when both cursors are 0 (the whole collection in one reply),
  otherwise by shape;
* SPOP changes the two servers differently, so the generator follows it with a DEL of the key
  (a state resync; the DEL reply is the same on both since the set sizes agree).
"""

from conftest import parse_reply

FAMILIES = {
    "hash": ["HSET", "HSETNX", "HGET", "HMGET", "HMSET", "HDEL", "HLEN", "HSTRLEN", "HEXISTS",
             "HKEYS", "HVALS", "HGETALL", "HINCRBY", "HINCRBYFLOAT", "HRANDFIELD", "HSCAN"],
    "list": ["LPUSH", "RPUSH", "LPUSHX", "RPUSHX", "LPOP", "RPOP", "LLEN", "LRANGE", "LINDEX",
             "LSET", "LINSERT", "LREM", "LTRIM", "LPOS", "LMOVE", "RPOPLPUSH", "LMPOP"],
    "set": ["SADD", "SREM", "SMEMBERS", "SISMEMBER", "SMISMEMBER", "SCARD", "SPOP",
            "SRANDMEMBER", "SMOVE", "SINTER", "SUNION", "SDIFF", "SINTERSTORE", "SUNIONSTORE",
            "SDIFFSTORE", "SINTERCARD", "SSCAN"],
    "zset": ["ZADD", "ZINCRBY", "ZREM", "ZCARD", "ZSCORE", "ZMSCORE", "ZRANK", "ZREVRANK",
             "ZRANGE", "ZRANGESTORE", "ZRANGEBYSCORE", "ZREVRANGEBYSCORE", "ZRANGEBYLEX",
             "ZREVRANGEBYLEX", "ZREVRANGE", "ZCOUNT", "ZLEXCOUNT", "ZPOPMIN", "ZPOPMAX", "ZMPOP",
             "ZREMRANGEBYSCORE", "ZREMRANGEBYRANK", "ZREMRANGEBYLEX", "ZUNION", "ZINTER", "ZDIFF",
             "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE", "ZINTERCARD", "ZRANDMEMBER", "ZSCAN"],
    "bitmap": ["SETBIT", "GETBIT", "BITCOUNT", "BITPOS", "BITOP", "BITFIELD", "BITFIELD_RO"],
    "sort": ["SORT", "SORT_RO"],
}
# SORT needs values to sort: lists, sets and sorted sets.
FAMILY_NEEDS = {"sort": ["list", "set", "zset"]}

UNORDERED = {"SMEMBERS", "SINTER", "SUNION", "SDIFF", "HKEYS", "HVALS"}
UNORDERED_PAIRS = {"HGETALL"}
RANDOM = {"SRANDMEMBER", "HRANDFIELD", "ZRANDMEMBER", "RANDOMKEY", "SPOP"}
SCANS = {"HSCAN": 2, "SSCAN": 1, "ZSCAN": 2}  # items per element
# never fuzzed: SPOP needs its resync; blocking commands could block the connection forever
NOT_FUZZED = {"SPOP"}

THRESHOLD_CONFIG = ["hash-max-listpack-entries", "hash-max-listpack-value",
                    "zset-max-listpack-entries", "zset-max-listpack-value",
                    "set-max-intset-entries"]
SMALL_THRESHOLDS = ["6", "16", "6", "16", "6"]
DEFAULT_THRESHOLDS = ["512", "64", "128", "64", "512"]


# Most commands of a family use the family's own keys (so that they mostly find a value of
# their type); the rest use the shared keys of the string tests, for WRONGTYPE and interplay.
OWN_KEYS = {"hash": ["h0", "h1", "h2", "h3"], "list": ["l0", "l1", "l2", "l3"],
            "set": ["s0", "s1", "s2", "s3"], "zset": ["z0", "z1", "z2", "z3"]}
OWN_KEYS["sort"] = OWN_KEYS["list"] + OWN_KEYS["set"] + OWN_KEYS["zset"]
OWN_KEY_SHARE = 0.8
# Lex ranges are only defined when every member has the same score (with mixed scores the
# answer depends on the skiplist's random levels), so lex commands get keys of their own that
# only ever receive score-0 members and are never handed to other commands.
LEX_KEYS = ["lex0", "lex1"]


def command_family(name: str):
    return next((f for f, cmds in FAMILIES.items() if name.upper() in cmds), None)


def catalogue_for(families) -> list:
    """The catalogue entries whose command belongs to an included family or to none."""
    return [c for c in CATALOGUE if command_family(c[0]) in families | {None}]


def families_of(server_has) -> set[str]:
    have = {name for name, cmds in FAMILIES.items() if server_has(*cmds)}
    return {f for f in have if all(n in have for n in FAMILY_NEEDS.get(f, []))}


# Hand-picked edge cases of the data types, replayed in order on both servers like the string
# catalogue of test_differential.py (entries of a family the server lacks are left out).
CATALOGUE = [
    ["ZADD", "z", "0.1", "a", "1e-320", "b", "-0.0", "c", "1.7976931348623157e308", "d"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["ZINCRBY", "z", "1.7976931348623157e308", "d"],
    ["ZINCRBY", "z", "0.2", "a"], ["ZSCORE", "z", "a"], ["ZADD", "z", "INCR", "-inf", "x"],
    ["ZINCRBY", "z", "inf", "x"], ["ZADD", "z", "1e400", "e"], ["ZADD", "z", "-1e400", "e"],
    ["ZSCORE", "z", "e"], ["ZADD", "z", " 1", "f"], ["ZADD", "z", "1 ", "f"],
    ["ZADD", "z", "0x10", "f"], ["ZRANGEBYSCORE", "z", "(-inf", "(+inf"],
    ["ZRANGEBYSCORE", "z", "-inf", "inf", "LIMIT", "1", "-5"],
    ["ZRANGEBYSCORE", "z", "-inf", "inf", "LIMIT", "-1", "5"],
    ["ZRANGE", "z", "9223372036854775807", "-9223372036854775808"],
    ["ZUNIONSTORE", "u", "1", "z", "WEIGHTS", "inf"], ["ZRANGE", "u", "0", "-1", "WITHSCORES"],
    ["ZUNIONSTORE", "u", "2", "z", "z", "WEIGHTS", "inf", "-inf"],
    ["ZRANGE", "u", "0", "-1", "WITHSCORES"],
    ["ZRANDMEMBER", "z", "-9223372036854775808"],
    ["ZRANDMEMBER", "z", "9223372036854775807", "WITHSCORES"],
    ["HSET", "h", "n", "9223372036854775807", "f", "1.5", "e", "1e3"],
    ["HINCRBY", "h", "n", "1"], ["HINCRBY", "h", "n", "-9223372036854775808"], ["HGET", "h", "n"],
    ["HINCRBYFLOAT", "h", "f", "1e308"], ["HINCRBYFLOAT", "h", "f", "1e308"],
    ["HINCRBYFLOAT", "h", "e", "0"], ["HINCRBYFLOAT", "h", "n", "-inf"],
    ["HINCRBYFLOAT", "h", "f", "-1e308"], ["HGET", "h", "f"],
    ["HRANDFIELD", "h", "-9223372036854775808"],
    ["HRANDFIELD", "h", "-9223372036854775807", "WITHVALUES"],
    ["RPUSH", "l", "a", "b", "c"], ["LRANGE", "l", "-9223372036854775808", "9223372036854775807"],
    ["LINDEX", "l", "-9223372036854775808"], ["LSET", "l", "9223372036854775807", "x"],
    ["LPOS", "l", "a", "RANK", "-9223372036854775808"],
    ["LPOS", "l", "a", "COUNT", "0", "MAXLEN", "0"],
    ["LPOP", "l", "9223372036854775807"], ["RPUSH", "l", "1"], ["LTRIM", "l", "1", "0"],
    ["EXISTS", "l"], ["LMPOP", "1", "l", "LEFT", "COUNT", "-1"],
    ["SADD", "s", "1", "2", "3"], ["SPOP", "s", "0"], ["SRANDMEMBER", "s", "-9223372036854775808"],
    ["SINTERCARD", "1", "s", "LIMIT", "9223372036854775807"], ["SMOVE", "s", "s", "1"],
    ["SINTERSTORE", "s", "s", "nokey"], ["EXISTS", "s"],
    ["SETBIT", "b", "4294967296", "0"], ["GETBIT", "b", "4294967295"],
    ["SET", "b", "\xff\xf0"], ["BITPOS", "b", "0", "-9223372036854775808", "9223372036854775807"],
    ["BITCOUNT", "b", "-9223372036854775808", "9223372036854775807", "BIT"],
    ["BITFIELD", "b", "INCRBY", "i64", "0", "-9223372036854775808", "INCRBY", "i64", "0", "-1"],
    ["BITFIELD", "b", "OVERFLOW", "FAIL", "INCRBY", "u63", "0", "9223372036854775807"],
    ["BITFIELD", "b", "GET", "i64", "9223372036854775807"],
    ["RPUSH", "sl", "3", "1", "2"], ["SORT", "sl", "LIMIT", "9223372036854775807", "1"],
    ["SORT", "sl", "LIMIT", "1", "9223372036854775807"], ["SORT", "sl", "GET", "#", "GET", "#"],
    ["SORT", "sl", "BY", "nosort", "STORE", "sl2"], ["LRANGE", "sl2", "0", "-1"],
]


# ---------------------------------------------------------------- reply comparison

def _shape(x):
    if isinstance(x, (list, set, dict)):
        return (type(x).__name__, len(x))
    if isinstance(x, str):  # RespError
        return ("error", str(x))
    return (type(x).__name__,)


def _multiset(x):
    return sorted(x) if isinstance(x, (list, set)) else x


def _pairs(x):
    if isinstance(x, dict):
        return sorted(x.items())
    if isinstance(x, list):
        return sorted(zip(x[::2], x[1::2]))
    return x


def _scan_items(x, per):
    items = x[1]
    if isinstance(items, dict):
        return sorted(items.items())
    return sorted(tuple(items[i:i + per]) for i in range(0, len(items), per))


def family_reply_matches(name: str, a: bytes, b: bytes):
    """True/False for commands with a special rule, None for a byte-for-byte comparison."""
    if name not in UNORDERED | UNORDERED_PAIRS | RANDOM | SCANS.keys():
        return None
    try:
        x, y = parse_reply(a), parse_reply(b)
    except Exception:  # noqa: BLE001
        return False
    if isinstance(x, str) or isinstance(y, str):  # errors must be identical
        return a == b
    if name in UNORDERED:
        return type(x) is type(y) and _multiset(x) == _multiset(y)
    if name in UNORDERED_PAIRS:
        return type(x) is type(y) and _pairs(x) == _pairs(y)
    if name in RANDOM:
        return _shape(x) == _shape(y)
    # SCANS
    if not (isinstance(x, list) and isinstance(y, list) and len(x) == len(y) == 2):
        return False
    if x[0] == y[0] == b"0":
        return _scan_items(x, SCANS[name]) == _scan_items(y, SCANS[name])
    return _shape(x[1])[0] == _shape(y[1])[0]


# ---------------------------------------------------------------- generators

class FamilyCommands:
    """Mixin for test_differential.Gen: needs self.r (Random), self.key(), self.value(),
    self.int_arg(), self.float_arg(), self.pending (commands to send next, popped from the end)
    and self.families."""

    def current_key(self):
        """self.key() looked up at call time (family_table swaps it per family)."""
        return self.key()

    def member(self):
        r = self.r
        c = r.random()
        if c < 0.45:
            return r.choice(["a", "b", "c", "d", "e", "f", "g", "h"])
        if c < 0.8:
            return str(r.randint(-5, 20))
        if c < 0.9:
            return r.choice(["", "1.5", "01", "-0", "9223372036854775807", "9223372036854775808"])
        return r.choice(["x" * 17, "y" * 70, "m" * 64])  # around the value-size thresholds

    def members(self, lo=1, hi=4):
        return [self.member() for _ in range(self.r.randint(lo, hi))]

    def index(self):
        r = self.r
        c = r.random()
        if c < 0.8:
            return str(r.randint(-8, 8))
        return r.choice(["100", "-100", "9223372036854775807", "-9223372036854775808", "x", "1.5"])

    def count(self):
        r = self.r
        c = r.random()
        if c < 0.75:
            return str(r.randint(0, 6))
        return r.choice(["-1", "-5", "x", "100", "9223372036854775807", "-9223372036854775808"])

    def score(self):
        r = self.r
        c = r.random()
        if c < 0.6:
            return str(r.randint(-5, 10))
        if c < 0.85:
            return r.choice(["0.1", "1.5", "-2.25", "1e3", "3.0", "2.5e-3", "inf", "-inf", "+inf",
                             "1.7976931348623157e308", "0.30000000000000004"])
        return r.choice(["nan", "x", "", "1.5x", "(1"])

    def score_bound(self):
        r = self.r
        c = r.random()
        if c < 0.7:
            return r.choice(["", "("]) + str(r.randint(-3, 10))
        return r.choice(["-inf", "+inf", "inf", "(-inf", "(1.5", "0.1", "x", "((1", "nan"])

    def lex_bound(self):
        r = self.r
        c = r.random()
        if c < 0.8:
            return r.choice(["[", "("]) + r.choice("abcdefgh")
        return r.choice(["-", "+", "a", "", "[", "(", "[1"])

    def keys(self, lo=1, hi=3):
        return [self.key() for _ in range(self.r.randint(lo, hi))]

    def numkeys_and_keys(self):
        ks = self.keys()
        r = self.r.random()
        n = str(len(ks))
        if r < 0.06:
            n = self.r.choice(["0", "-1", "x", str(len(ks) + 2)])
        return [n, *ks]

    def sometimes(self, p, args):
        return args if self.r.random() < p else []

    # ------------------------------------------------------------ hashes
    def hash_commands(self):
        r, k, m = self.r, self.current_key, self.member

        def field_values(lo=1, hi=3):
            return [x for _ in range(r.randint(lo, hi)) for x in (m(), self.value())]

        return [
            (5, lambda: ["HSET", k(), *field_values()]),
            (1, lambda: ["HSET", k(), m()]),
            (2, lambda: ["HSETNX", k(), m(), self.value()]),
            (4, lambda: ["HGET", k(), m()]),
            (2, lambda: ["HMGET", k(), *self.members()]),
            (1, lambda: ["HMSET", k(), *field_values()]),
            (3, lambda: ["HDEL", k(), *self.members()]),
            (2, lambda: ["HLEN", k()]),
            (1, lambda: ["HSTRLEN", k(), m()]),
            (1, lambda: ["HEXISTS", k(), m()]),
            (1, lambda: ["HKEYS", k()]),
            (1, lambda: ["HVALS", k()]),
            (2, lambda: ["HGETALL", k()]),
            (2, lambda: ["HINCRBY", k(), m(), self.int_arg()]),
            (2, lambda: ["HINCRBYFLOAT", k(), m(), self.float_arg()]),
            (1, lambda: ["HRANDFIELD", k(), *self.sometimes(0.7, [self.count()]),
                         *self.sometimes(0.3, ["WITHVALUES"])]),
            (1, lambda: ["HSCAN", k(), r.choice(["0", "0", "x"]),
                         *self.sometimes(0.3, ["MATCH", r.choice(["*", "a*", "1?", "[ab]"])]),
                         *self.sometimes(0.3, ["COUNT", r.choice(["1", "100", "0", "x"])])]),
        ]

    # ------------------------------------------------------------ lists
    def list_commands(self):
        r, k, m = self.r, self.current_key, self.member
        side = lambda: r.choice(["LEFT", "RIGHT", "left", "right"] * 6 + ["UP"])  # noqa: E731
        return [
            (5, lambda: ["LPUSH", k(), *self.members()]),
            (5, lambda: ["RPUSH", k(), *self.members()]),
            (1, lambda: ["LPUSHX", k(), *self.members()]),
            (1, lambda: ["RPUSHX", k(), *self.members()]),
            (2, lambda: ["LPOP", k(), *self.sometimes(0.4, [self.count()])]),
            (2, lambda: ["RPOP", k(), *self.sometimes(0.4, [self.count()])]),
            (2, lambda: ["LLEN", k()]),
            (4, lambda: ["LRANGE", k(), self.index(), self.index()]),
            (2, lambda: ["LINDEX", k(), self.index()]),
            (2, lambda: ["LSET", k(), self.index(), m()]),
            (2, lambda: ["LINSERT", k(), r.choice(["BEFORE", "AFTER", "after", "MIDDLE"]),
                         m(), m()]),
            (2, lambda: ["LREM", k(), self.index(), m()]),
            (1, lambda: ["LTRIM", k(), self.index(), self.index()]),
            (2, lambda: ["LPOS", k(), m(),
                         *self.sometimes(0.4, ["RANK", r.choice(["1", "2", "-1", "0", "x"])]),
                         *self.sometimes(0.4, ["COUNT", self.count()]),
                         *self.sometimes(0.2, ["MAXLEN", self.count()])]),
            (2, lambda: ["LMOVE", k(), k(), side(), side()]),
            (1, lambda: ["RPOPLPUSH", k(), k()]),
            (2, lambda: ["LMPOP", *self.numkeys_and_keys(), side(),
                         *self.sometimes(0.4, ["COUNT", self.count()])]),
        ]

    # ------------------------------------------------------------ sets
    def spop(self):
        key = self.key()
        self.pending.append(["DEL", key])  # resync: the two servers popped different members
        return ["SPOP", key, *self.sometimes(0.5, [self.count()])]

    def set_commands(self):
        r, k, m = self.r, self.current_key, self.member
        return [
            (6, lambda: ["SADD", k(), *self.members(1, 5)]),
            (3, lambda: ["SREM", k(), *self.members()]),
            (2, lambda: ["SMEMBERS", k()]),
            (2, lambda: ["SISMEMBER", k(), m()]),
            (1, lambda: ["SMISMEMBER", k(), *self.members()]),
            (2, lambda: ["SCARD", k()]),
            (1, self.spop),
            (1, lambda: ["SRANDMEMBER", k(), *self.sometimes(0.6, [self.count()])]),
            (2, lambda: ["SMOVE", k(), k(), m()]),
            (2, lambda: [r.choice(["SINTER", "SUNION", "SDIFF"]), *self.keys()]),
            (2, lambda: [r.choice(["SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"]), k(),
                         *self.keys()]),
            (1, lambda: ["SINTERCARD", *self.numkeys_and_keys(),
                         *self.sometimes(0.4, ["LIMIT", self.count()])]),
            (1, lambda: ["SSCAN", k(), "0",
                         *self.sometimes(0.3, ["MATCH", r.choice(["*", "a*", "1*"])])]),
        ]

    # ------------------------------------------------------------ sorted sets
    def zadd(self):
        r = self.r
        opts = []
        for flag, p in (("NX", 0.1), ("XX", 0.1), ("GT", 0.1), ("LT", 0.08), ("CH", 0.2),
                        ("INCR", 0.1)):
            if r.random() < p:
                opts.append(flag)
        r.shuffle(opts)
        pairs = [x for _ in range(r.randint(1, 4)) for x in (self.score(), self.member())]
        if "INCR" in opts and r.random() < 0.8:
            pairs = pairs[:2]
        if r.random() < 0.04:
            pairs = pairs[:-1]
        return ["ZADD", self.key(), *opts, *pairs]

    def zrange(self):
        r = self.r
        kind = r.choice(["rank", "rank", "score"])
        if kind == "rank":
            args = ["ZRANGE", self.key(), self.index(), self.index()]
        else:  # BYLEX lives in lex_commands
            args = ["ZRANGE", self.key(), self.score_bound(), self.score_bound(), "BYSCORE"]
        if r.random() < 0.3:
            args.append("REV")
        if r.random() < 0.3:
            args += ["LIMIT", self.index(), r.choice(["-1", "0", "1", "2", "5", "x"])]
        if r.random() < 0.35:
            args.append("WITHSCORES")
        return args

    def zset_op(self):
        r = self.r
        name = r.choice(["ZUNION", "ZINTER", "ZDIFF", "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"])
        store = name.endswith("STORE")
        nk = self.numkeys_and_keys()
        args = [name, *([self.key()] if store else []), *nk]
        if name not in ("ZDIFF", "ZDIFFSTORE") or r.random() < 0.05:
            if r.random() < 0.3:
                n = len(nk) - 1 if r.random() < 0.9 else len(nk)
                args += ["WEIGHTS", *[r.choice(["1", "2", "0", "-1", "0.5", "inf", "x"])
                                      for _ in range(n)]]
            if r.random() < 0.3:
                args += ["AGGREGATE", r.choice(["SUM", "MIN", "MAX", "max", "AVG"])]
        if not store and r.random() < 0.4:
            args.append("WITHSCORES")
        return args

    def zset_commands(self):
        r, k, m = self.r, self.current_key, self.member
        return [
            (7, self.zadd),
            (2, lambda: ["ZINCRBY", k(), self.score(), m()]),
            (2, lambda: ["ZREM", k(), *self.members()]),
            (2, lambda: ["ZCARD", k()]),
            (2, lambda: ["ZSCORE", k(), m()]),
            (1, lambda: ["ZMSCORE", k(), *self.members()]),
            (2, lambda: [r.choice(["ZRANK", "ZREVRANK"]), k(), m()]),
            (5, self.zrange),
            (1, lambda: ["ZRANGESTORE", k(), *self.zrange()[1:]]),
            (2, lambda: [r.choice(["ZRANGEBYSCORE", "ZREVRANGEBYSCORE"]), k(),
                         self.score_bound(), self.score_bound(),
                         *self.sometimes(0.3, ["WITHSCORES"]),
                         *self.sometimes(0.3, ["LIMIT", self.index(), self.index()])]),
            (1, lambda: ["ZREVRANGE", k(), self.index(), self.index(),
                         *self.sometimes(0.4, ["WITHSCORES"])]),
            (1, lambda: ["ZCOUNT", k(), self.score_bound(), self.score_bound()]),
            (2, lambda: [r.choice(["ZPOPMIN", "ZPOPMAX"]), k(),
                         *self.sometimes(0.5, [self.count()])]),
            (1, lambda: ["ZMPOP", *self.numkeys_and_keys(), r.choice(["MIN", "MAX", "FOO"]),
                         *self.sometimes(0.4, ["COUNT", self.count()])]),
            (1, lambda: ["ZREMRANGEBYSCORE", k(), self.score_bound(), self.score_bound()]),
            (1, lambda: ["ZREMRANGEBYRANK", k(), self.index(), self.index()]),
            (3, self.zset_op),
            (1, lambda: ["ZINTERCARD", *self.numkeys_and_keys(),
                         *self.sometimes(0.4, ["LIMIT", self.count()])]),
            (1, lambda: ["ZRANDMEMBER", k(), *self.sometimes(0.6, [self.count()]),
                         *self.sometimes(0.3, ["WITHSCORES"])]),
            (1, lambda: ["ZSCAN", k(), "0"]),
        ]

    def lex_commands(self):
        r = self.r
        lk = lambda: r.choice(LEX_KEYS)  # noqa: E731
        bounds = lambda: [self.lex_bound(), self.lex_bound()]  # noqa: E731
        limit = lambda: self.sometimes(0.3, ["LIMIT", self.index(), self.index()])  # noqa: E731
        return [
            (3, lambda: ["ZADD", lk(), *[x for m in self.members() for x in ("0", m)]]),
            (1, lambda: ["ZREM", lk(), *self.members()]),
            (2, lambda: ["ZRANGE", lk(), *bounds(), "BYLEX", *self.sometimes(0.3, ["REV"]),
                         *limit(), *self.sometimes(0.05, ["WITHSCORES"])]),
            (1, lambda: ["ZRANGESTORE", r.choice(LEX_KEYS + ["z0"]), lk(), *bounds(), "BYLEX",
                         *limit()]),
            (1, lambda: [r.choice(["ZRANGEBYLEX", "ZREVRANGEBYLEX"]), lk(), *bounds(), *limit()]),
            (1, lambda: ["ZLEXCOUNT", lk(), *bounds()]),
            (1, lambda: ["ZREMRANGEBYLEX", lk(), *bounds()]),
        ]

    # ------------------------------------------------------------ bitmaps
    def bitfield(self, read_only=False):
        r = self.r
        args = ["BITFIELD_RO" if read_only else "BITFIELD", self.key()]
        for _ in range(r.randint(0, 3)):
            t = r.choice(["u8", "i8", "u1", "i16", "u63", "i64", "u32", "i5", "u64", "i65", "x"])
            off = r.choice([str(r.randint(0, 40)), "#1", "#3", "-1", "x"])
            op = r.choice(["GET", "GET", "SET", "INCRBY", "OVERFLOW"])
            if op == "GET":
                args += ["GET", t, off]
            elif op == "OVERFLOW":
                args += ["OVERFLOW", r.choice(["WRAP", "SAT", "FAIL", "FOO"])]
            else:
                args += [op, t, off, r.choice([str(r.randint(-300, 300)), "9223372036854775807",
                                               "-9223372036854775808", "x"])]
        return args

    def bitmap_commands(self):
        r, k = self.r, self.current_key
        offset = lambda: r.choice(  # noqa: E731
            [str(r.randint(0, 100))] * 8 + ["-1", "x", "4294967296"])
        unit = lambda: self.sometimes(0.3, [r.choice(["BIT", "BYTE", "bit", "WORD"])])  # noqa: E731
        return [
            (4, lambda: ["SETBIT", k(), offset(), r.choice(["0", "1", "1", "2", "x"])]),
            (3, lambda: ["GETBIT", k(), offset()]),
            (3, lambda: ["BITCOUNT", k(), *self.sometimes(0.6, [self.index(), self.index(),
                                                               *unit()])]),
            (3, lambda: ["BITPOS", k(), r.choice(["0", "1", "1", "2"]),
                         *self.sometimes(0.6, [self.index(),
                                               *self.sometimes(0.6, [self.index(), *unit()])])]),
            (2, lambda: ["BITOP", r.choice(["AND", "OR", "XOR", "NOT", "not", "NAND"]), k(),
                         *self.keys()]),
            (2, self.bitfield),
            (1, lambda: self.bitfield(read_only=True)),
        ]

    # ------------------------------------------------------------ SORT
    def sort(self):
        r = self.r
        name = r.choice(["SORT", "SORT", "SORT_RO"])
        c = r.random()
        if c < 0.15:
            return self.sort_nosort(name)
        if c < 0.25:
            return self.sort_alpha_by(name)
        args = [name, self.key()]
        alpha = r.random() < 0.4
        if not alpha and r.random() < 0.2:
            # numeric BY: equal weights fall back to comparing the elements (deterministic);
            # with ALPHA they would not, and a set's order would leak through
            args += ["BY", r.choice(["k*", "nokey_*", "k*->a", "h*->a", "{k}*"])]
        if r.random() < 0.3:
            args += ["LIMIT", self.index(), r.choice(["-1", "0", "2", "5", "x"])]
        for _ in range(r.choice([0, 0, 1, 2])):
            args += ["GET", r.choice(["#", "k*", "k*->a", "nokey_*"])]
        if r.random() < 0.4:
            args.append(r.choice(["ASC", "DESC"]))
        if alpha:
            args.append("ALPHA")
        if r.random() < 0.2:  # a list result: keep it out of the set / sorted-set keys
            args += ["STORE", r.choice(OWN_KEYS["list"] + ["sorted", self.key()])]
        if r.random() < 0.03:
            args.append(r.choice(["FOO", "LIMIT", "BY"]))
        return args

    def sort_nosort(self, name):
        """BY nosort (or any pattern without *): a list's or sorted set's own order, DESC
        reversing it, LIMIT taking a range of it; a set only with STORE, which sorts it (without
        STORE its order is its hashtable's, which differs between the servers)."""
        r = self.r
        store = name == "SORT" and r.random() < 0.3
        pool = OWN_KEYS["set"] if store and r.random() < 0.5 else OWN_KEYS["list"] + OWN_KEYS["zset"]
        args = [name, r.choice(pool), "BY", r.choice(["nosort", "NOSORT", "constant", "w_"])]
        if r.random() < 0.5:
            args += ["LIMIT", self.index(), r.choice(["-1", "0", "1", "3", "100"])]
        if r.random() < 0.5:
            args.append(r.choice(["ASC", "DESC"]))
        for _ in range(r.choice([0, 0, 1])):
            args += ["GET", r.choice(["#", "k*", "h*->a"])]
        if store:
            args += ["STORE", r.choice(OWN_KEYS["list"] + ["sorted"])]
        return args

    def sort_alpha_by(self, name):
        """ALPHA BY a pattern: equal BY values (missing ones too) are not compared further, so
        only lists (whose order both servers share) and no LIMIT (Redis's partial sort for LIMIT
        is not stable, its full sort, glibc's merge sort, is)."""
        r = self.r
        args = [name, r.choice(OWN_KEYS["list"]), "BY", r.choice(["k*", "h*->a", "h*->b", "nokey_*"]), "ALPHA"]
        if r.random() < 0.5:
            args.append(r.choice(["ASC", "DESC"]))
        if r.random() < 0.3:
            args += ["GET", r.choice(["#", "k*", "h*->a"])]
        return args

    def sort_commands(self):
        return [(3, self.sort)]

    # ------------------------------------------------------------ all together
    def object_encoding(self):
        return ["OBJECT", "ENCODING", self.key()]

    def _with_own_keys(self, family, fn):
        pool = OWN_KEYS.get(family)
        if not pool:
            return fn
        shared_key = self.key

        def own_or_shared_key():
            return self.r.choice(pool) if self.r.random() < OWN_KEY_SHARE else shared_key()

        def generate():
            self.key = own_or_shared_key  # shadows the method while this command is built
            try:
                return fn()
            finally:
                del self.key
        return generate

    def family_table(self):
        """(weight, generator) pairs of every included family; built once per Gen."""
        cached = getattr(self, "_family_table", None)
        if cached is None:
            cached = self._family_table = self._build_family_table()
        return cached

    def _build_family_table(self):
        table = []
        for family in sorted(self.families):
            table += [(w, self._with_own_keys(family, fn))
                      for w, fn in getattr(self, f"{family}_commands")()]
        if "zset" in self.families:
            table += self.lex_commands()
        if self.families:
            table.append((1, self.object_encoding))
        return table

    def family_fuzz_names(self):
        cached = getattr(self, "_family_fuzz_names", None)
        if cached is None:
            cached = self._family_fuzz_names = self._build_family_fuzz_names()
        return cached

    def _build_family_fuzz_names(self):
        return [n for f in sorted(self.families) for n in FAMILIES[f] if n not in NOT_FUZZED]
