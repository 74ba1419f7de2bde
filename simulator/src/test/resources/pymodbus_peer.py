"""Reads and writes a Millwright simulator Modbus slave with pymodbus, a client we did not write.

Usage: pymodbus_peer.py HOST PORT SLOT...   where SLOT is name,table,offset,width,type
Prints one line per tag, name=value, decoded here with struct (big-endian bytes, high word
first), then the results of a few writes and of a read past the end of the map.
"""
import struct
import sys

import pymodbus
from pymodbus.client import ModbusTcpClient

UNIT = 1
FORMATS = {"int16": ">h", "uint16": ">H", "int32": ">i", "uint32": ">I", "int64": ">q",
           "float32": ">f", "float64": ">d"}


def registers_to_bytes(registers):
    return struct.pack(">%dH" % len(registers), *registers)


def read(client, table, offset, width):
    if table == "coil":
        r = client.read_coils(offset, width, slave=UNIT)
        return r, None if r.isError() else r.bits[0]
    if table == "discrete":
        r = client.read_discrete_inputs(offset, width, slave=UNIT)
        return r, None if r.isError() else r.bits[0]
    if table == "input":
        r = client.read_input_registers(offset, width, slave=UNIT)
    else:
        r = client.read_holding_registers(offset, width, slave=UNIT)
    return r, None if r.isError() else r.registers


def decode(kind, registers):
    raw = registers_to_bytes(registers)
    if kind == "string":
        return raw.split(b"\0", 1)[0].decode("ascii")
    return struct.unpack(FORMATS[kind], raw)[0]


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    slots = [s.split(",") for s in sys.argv[3:]]
    client = ModbusTcpClient(host, port=port)
    if not client.connect():
        print("error=cannot connect")
        return 1
    print("pymodbus=" + pymodbus.__version__)
    for name, table, offset, width, kind in slots:
        response, data = read(client, table, int(offset), int(width))
        if data is None:
            print("%s=exception %s" % (name, response))
        elif kind == "bool":
            print("%s=%s" % (name, "true" if data else "false"))
        else:
            print("%s=%r" % (name, decode(kind, data)))
    by_name = {s[0]: s for s in slots}

    float_slot = by_name["float64/setpoint"]
    words = list(struct.unpack(">4H", struct.pack(">d", 42.25)))
    r = client.write_registers(int(float_slot[2]), words, slave=UNIT)
    print("write-float64=" + ("error" if r.isError() else "ok"))

    coil_slot = by_name["bool/setpoint"]
    r = client.write_coil(int(coil_slot[2]), False, slave=UNIT)
    print("write-coil=" + ("error" if r.isError() else "ok"))

    int16_slot = by_name["int16/setpoint"]
    r = client.write_register(int(int16_slot[2]), 20000, slave=UNIT)
    print("write-too-big=" + ("exception %d" % r.exception_code if r.isError() else "ok"))

    r = client.read_holding_registers(60000, 1, slave=UNIT)
    print("read-past-end=" + ("exception %d" % r.exception_code if r.isError() else "ok"))
    client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
