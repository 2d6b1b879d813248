"""Read a CTranslate2 model.bin into a dict of numpy arrays.

The format (CTranslate2 src/models/model.cc) is little-endian:
  u32 binary_version; [version>=2: str spec_name, u32 spec_revision]
  u32 n_variables; per variable: str name, u8 rank, u32 dims[rank],
    (version>=4: u8 dtype id | else u8 item_size), u32 n_bytes, bytes
  [version>=3: u32 n_aliases; per alias: str alias, str target]
where str is u16 length (including the trailing NUL) then the bytes.
"""
import struct
import numpy as np

# CTranslate2 DataType enum order.
_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16, 5: "bfloat16"}


class _Cursor:
    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def string(self) -> str:
        length = self.take("H")
        raw = self.data[self.pos : self.pos + length]
        self.pos += length
        return raw.rstrip(b"\0").decode("utf-8")

    def raw(self, n: int) -> bytes:
        raw = self.data[self.pos : self.pos + n]
        self.pos += n
        return raw


def read_ct2_model(path: str):
    with open(path, "rb") as f:
        cur = _Cursor(f.read())
    version = cur.take("I")
    if version < 4 or version > 6:
        raise ValueError(f"unsupported CTranslate2 binary version {version} in {path}")
    spec = cur.string()
    revision = cur.take("I")
    variables = {}
    for _ in range(cur.take("I")):
        name = cur.string()
        rank = cur.take("B")
        dims = [cur.take("I") for _ in range(rank)]
        dtype = _DTYPES[cur.take("B")]
        n_bytes = cur.take("I")
        raw = cur.raw(n_bytes)
        if dtype == "bfloat16":
            as_u32 = np.frombuffer(raw, dtype=np.uint16).astype(np.uint32) << 16
            array = as_u32.view(np.float32)
        else:
            array = np.frombuffer(raw, dtype=dtype)
        variables[name] = array.reshape(dims) if dims else array.reshape(())
    aliases = {}
    for _ in range(cur.take("I")):
        alias = cur.string()
        aliases[alias] = cur.string()
    for alias, target in aliases.items():
        variables[alias] = variables[target]
    return {"version": version, "spec": spec, "revision": revision, "variables": variables}


if __name__ == "__main__":
    import sys

    model = read_ct2_model(sys.argv[1])
    print(model["version"], model["spec"], model["revision"])
    for name, value in model["variables"].items():
        print(name, value.dtype, value.shape)
