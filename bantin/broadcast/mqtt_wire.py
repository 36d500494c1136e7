"""A small MQTT 3.1.1 client over asyncio streams.

Only what bantin needs: CONNECT with user and password, SUBSCRIBE, PUBLISH at QoS 0 and 1
(both ways), PUBACK, PINGREQ and DISCONNECT. No QoS 2, no retained-message handling
beyond passing the flag, no MQTT 5. One client is a few objects and one reader task, so a
single process can hold thousands of them (the device simulator does), and the server's
publisher pipelines thousands of QoS 1 publishes on one connection without waiting for
each PUBACK in turn.

Incoming messages go to `on_message(message)` when given (called in the reader task; keep
it quick), else to the `messages` queue. A QoS 1 message is acknowledged to the broker
after `on_message` returns, or, with `manual_ack=True`, when the caller calls
`ack(message)` (the listener does so once the batch holding it is committed).
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from collections.abc import Callable
from dataclasses import dataclass

CONNECT, CONNACK, PUBLISH, PUBACK = 1, 2, 3, 4
SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK = 8, 9, 10, 11
PINGREQ, PINGRESP, DISCONNECT = 12, 13, 14

CONNACK_REASONS = {
    1: "unacceptable protocol version", 2: "identifier rejected", 3: "server unavailable",
    4: "bad user name or password", 5: "not authorised",
}


class MQTTError(Exception):
    pass


class ConnectionRefused(MQTTError):
    def __init__(self, code: int):
        super().__init__(f"connection refused: {CONNACK_REASONS.get(code, code)}")
        self.code = code


class ConnectionLost(MQTTError):
    pass


@dataclass
class Message:
    topic: str
    payload: bytes
    qos: int = 0
    retain: bool = False
    packet_id: int | None = None


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n % 128, n // 128
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _string(value: str | bytes) -> bytes:
    data = value.encode() if isinstance(value, str) else value
    return struct.pack("!H", len(data)) + data


def _packet(kind: int, flags: int, body: bytes) -> bytes:
    return bytes([(kind << 4) | flags]) + _varint(len(body)) + body


def connect_packet(client_id: str, username: str | None = None, password: str | None = None,
                   keepalive: int = 60, clean_session: bool = True) -> bytes:
    flags = 0x02 if clean_session else 0
    payload = _string(client_id)
    if username is not None:
        flags |= 0x80
        payload += _string(username)
        if password is not None:
            flags |= 0x40
            payload += _string(password)
    body = _string("MQTT") + bytes([4, flags]) + struct.pack("!H", keepalive) + payload
    return _packet(CONNECT, 0, body)


def subscribe_packet(packet_id: int, topics: list[tuple[str, int]]) -> bytes:
    body = struct.pack("!H", packet_id) + b"".join(
        _string(topic) + bytes([qos]) for topic, qos in topics)
    return _packet(SUBSCRIBE, 0x02, body)


def puback_packet(packet_id: int) -> bytes:
    return _packet(PUBACK, 0, struct.pack("!H", packet_id))


def parse_publish(flags: int, data: bytes) -> Message:
    """The message of a PUBLISH packet's flags and body."""
    qos = (flags >> 1) & 0x03
    topic_length = struct.unpack_from("!H", data)[0]
    topic = data[2:2 + topic_length].decode()
    position = 2 + topic_length
    packet_id = None
    if qos:
        packet_id = struct.unpack_from("!H", data, position)[0]
        position += 2
    return Message(topic, data[position:], qos, bool(flags & 1), packet_id)


#: Bytes asked of the socket at a time by the read loop.
READ_SIZE = 65536


def split_packet(buffer: bytearray, position: int) -> tuple[int, int, bytes, int] | None:
    """The packet starting at `position` of `buffer`: (type, flags, body, position after
    it), or None when it has not fully arrived. Raises MQTTError for a malformed length."""
    available = len(buffer)
    if available - position < 2:
        return None
    length, shift, index = 0, 0, position + 1
    while True:
        if index >= available:
            return None
        byte = buffer[index]
        index += 1
        length += (byte & 0x7F) << shift
        if not byte & 0x80:
            break
        shift += 7
        if shift > 21:
            raise MQTTError("malformed remaining length")
    end = index + length
    if end > available:
        return None
    header = buffer[position]
    return header >> 4, header & 0x0F, bytes(buffer[index:end]), end


def publish_packet(topic: str, payload: bytes, qos: int = 0, packet_id: int = 0,
                   retain: bool = False) -> bytes:
    flags = (qos << 1) | (1 if retain else 0)
    body = _string(topic) + (struct.pack("!H", packet_id) if qos else b"") + payload
    return _packet(PUBLISH, flags, body)


class Client:
    """One MQTT connection. `await connect()`, then publish/subscribe; `closed` is a future
    done when the connection ends (with the error, if any)."""

    def __init__(self, host: str, port: int, client_id: str, *, username: str | None = None,
                 password: str | None = None, keepalive: int = 60, clean_session: bool = True,
                 on_message: Callable[[Message], None] | None = None,
                 manual_ack: bool = False):
        self.host, self.port, self.client_id = host, port, client_id
        self.username, self.password = username, password
        self.keepalive, self.clean_session = keepalive, clean_session
        self.on_message = on_message
        self.manual_ack = manual_ack
        self.messages: asyncio.Queue[Message] = asyncio.Queue()
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._pending: dict[int, asyncio.Future] = {}
        self._buffer = bytearray()  # received bytes not yet handled
        self._next_id = 0
        self._tasks: list[asyncio.Task] = []
        self.closed: asyncio.Future | None = None

    # -- connection ------------------------------------------------------------------

    async def connect(self, timeout: float = 10) -> None:
        self._buffer = bytearray()  # nothing of an earlier connection
        self._reader, self._writer = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port), timeout)
        self._writer.write(connect_packet(self.client_id, self.username, self.password,
                                          self.keepalive, self.clean_session))
        try:
            kind, _flags, data = await asyncio.wait_for(self._read_packet(), timeout)
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            self._close_transport()
            raise ConnectionLost("connection closed before CONNACK") from exc
        except BaseException:
            self._close_transport()
            raise
        if kind != CONNACK or len(data) < 2:
            self._close_transport()
            raise MQTTError("no CONNACK from the broker")
        if data[1] != 0:
            self._close_transport()
            raise ConnectionRefused(data[1])
        self.closed = asyncio.get_running_loop().create_future()
        self._tasks = [asyncio.create_task(self._read_loop())]
        if self.keepalive:
            self._tasks.append(asyncio.create_task(self._ping_loop()))

    @property
    def connected(self) -> bool:
        return self.closed is not None and not self.closed.done()

    async def disconnect(self) -> None:
        if self.connected and self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.write(_packet(DISCONNECT, 0, b""))
                await self._writer.drain()
        self._finish(None)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(BaseException):
                await task
        if self._writer is not None:
            with contextlib.suppress(Exception):
                await self._writer.wait_closed()

    def _close_transport(self) -> None:
        if self._writer is not None:
            self._writer.close()

    def _finish(self, error: BaseException | None) -> None:
        if self.closed is not None and not self.closed.done():
            if error is None:
                self.closed.set_result(None)
            else:
                self.closed.set_exception(error)
                # Nobody may be awaiting `closed`; do not warn about an unretrieved error.
                self.closed.exception()
        for future in self._pending.values():
            if not future.done():
                future.set_exception(ConnectionLost("connection lost"))
        self._pending.clear()
        self._close_transport()

    # -- packets ---------------------------------------------------------------------

    async def _read_packet(self) -> tuple[int, int, bytes]:
        """The next packet (for the CONNACK, before the read loop runs); what follows it in
        the buffer stays there for the read loop."""
        while (found := split_packet(self._buffer, 0)) is None:
            chunk = await self._reader.read(READ_SIZE)
            if not chunk:
                raise asyncio.IncompleteReadError(bytes(self._buffer), None)
            self._buffer += chunk
        kind, flags, data, end = found
        del self._buffer[:end]
        return kind, flags, data

    async def _read_loop(self) -> None:
        """Reads what the socket has and handles every whole packet in it: thousands of
        messages arriving together (a listener's acks, a publisher's PUBACKs) cost one
        read each time the buffer fills, not three awaits per packet."""
        error: BaseException | None = None
        buffer = self._buffer
        try:
            while True:
                chunk = await self._reader.read(READ_SIZE)
                if not chunk:
                    raise ConnectionLost("connection closed by the broker")
                buffer += chunk
                position = 0
                while (found := split_packet(buffer, position)) is not None:
                    kind, flags, data, position = found
                    self._handle(kind, flags, data)
                del buffer[:position]
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            error = ConnectionLost(str(exc) or "connection closed by the broker")
        except asyncio.CancelledError:
            pass
        except Exception as exc:  # noqa: BLE001 - any failure ends this connection
            error = exc
        self._finish(error)

    def _handle(self, kind: int, flags: int, data: bytes) -> None:
        if kind == PUBLISH:
            self._received(flags, data)
        elif kind in (PUBACK, SUBACK, UNSUBACK):
            if len(data) < 2:
                raise MQTTError("acknowledgement without a packet id")
            packet_id = struct.unpack_from("!H", data)[0]
            future = self._pending.pop(packet_id, None)
            if future is not None and not future.done():
                future.set_result(data[2:])

    async def _ping_loop(self) -> None:
        with contextlib.suppress(asyncio.CancelledError, ConnectionError, RuntimeError):
            while True:
                await asyncio.sleep(self.keepalive / 2)
                self._writer.write(_packet(PINGREQ, 0, b""))

    def _received(self, flags: int, data: bytes) -> None:
        message = parse_publish(flags, data)
        if self.on_message is not None:
            self.on_message(message)
        else:
            self.messages.put_nowait(message)
        if message.qos and not self.manual_ack:
            self.ack(message)

    def ack(self, message: Message) -> None:
        """Acknowledges a QoS 1 message to the broker (with `manual_ack`)."""
        if message.qos and message.packet_id is not None and self.connected:
            self._writer.write(puback_packet(message.packet_id))

    def ack_many(self, messages: list[Message]) -> None:
        """`ack` for many messages in one write."""
        packets = [puback_packet(m.packet_id) for m in messages
                   if m.qos and m.packet_id is not None]
        if packets and self.connected:
            self._writer.write(b"".join(packets))

    def _packet_id(self) -> int:
        for _ in range(65535):
            self._next_id = self._next_id % 65535 + 1
            if self._next_id not in self._pending:
                return self._next_id
        raise MQTTError("too many messages in flight")

    def _check(self) -> None:
        if not self.connected:
            raise ConnectionLost("not connected")

    # -- API -------------------------------------------------------------------------

    async def subscribe(self, topics: list[tuple[str, int]], timeout: float = 10) -> list[int]:
        """Subscribes; returns the granted QoS per topic (0x80: refused by the broker)."""
        self._check()
        packet_id = self._packet_id()
        future = asyncio.get_running_loop().create_future()
        self._pending[packet_id] = future
        self._writer.write(subscribe_packet(packet_id, topics))
        return list(await asyncio.wait_for(future, timeout))

    def publish_nowait(self, topic: str, payload: bytes, qos: int = 0,
                       retain: bool = False) -> asyncio.Future | None:
        """Queues a PUBLISH; for QoS 1 returns the future of its PUBACK."""
        self._check()
        future = None
        packet_id = 0
        if qos:
            packet_id = self._packet_id()
            future = asyncio.get_running_loop().create_future()
            self._pending[packet_id] = future
        self._writer.write(publish_packet(topic, payload, qos, packet_id, retain))
        return future

    async def publish(self, topic: str, payload: bytes, qos: int = 0, retain: bool = False,
                      timeout: float = 10) -> None:
        future = self.publish_nowait(topic, payload, qos, retain)
        await self._writer.drain()
        if future is not None:
            await asyncio.wait_for(future, timeout)

    async def drain(self) -> None:
        self._check()
        await self._writer.drain()
