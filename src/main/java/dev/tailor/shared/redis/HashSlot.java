package dev.tailor.shared.redis;

import java.nio.charset.StandardCharsets;

/**
 * Where Redis Cluster keeps a key: the CRC16 (XMODEM) of the key's hash tag, or of the whole name when it has none,
 * modulo 16,384. The tag is the text between the first {@code {} and the next {@code }}, when not empty. Keys that
 * one script or one pipelined batch touches together must share a slot; a cluster refuses them otherwise.
 *
 * <p>{@link #tagOf(int)} answers a short tag that lands on a given slot, so that a record about a customer (a
 * tombstone, a journal entry, an index shard) can sit in the customer's slot without naming the customer.
 */
public final class HashSlot {

    /** How many slots a Redis Cluster has. */
    public static final int SLOTS = 16_384;

    private static final int[] CRC_TABLE = crcTable();
    private static final String[] TAGS = tags();

    private HashSlot() {}

    /** The slot of a key name, honouring its hash tag. */
    public static int of(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        int end = bytes.length;
        int open = indexOf(bytes, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(bytes, (byte) '}', open + 1);
            if (close > open + 1) {
                start = open + 1;
                end = close;
            }
        }
        return crc16(bytes, start, end) & (SLOTS - 1);
    }

    /** A short tag (base-36 digits) whose slot is {@code slot}: {@code of("x:{" + tagOf(s) + "}") == s}. */
    public static String tagOf(int slot) {
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("A slot is from 0 to " + (SLOTS - 1) + ", not " + slot);
        }
        return TAGS[slot];
    }

    static int crc16(byte[] bytes, int start, int end) {
        int crc = 0;
        for (int i = start; i < end; i++) {
            crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 8) ^ bytes[i]) & 0xff]) & 0xffff;
        }
        return crc;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static int[] crcTable() {
        int[] table = new int[256];
        for (int n = 0; n < 256; n++) {
            int crc = n << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            table[n] = crc & 0xffff;
        }
        return table;
    }

    /** The first base-36 number, counting up, that lands on each slot: about 170,000 tries, a few milliseconds. */
    private static String[] tags() {
        String[] tags = new String[SLOTS];
        int found = 0;
        for (long n = 0; found < SLOTS; n++) {
            String candidate = Long.toString(n, 36);
            byte[] bytes = candidate.getBytes(StandardCharsets.US_ASCII);
            int slot = crc16(bytes, 0, bytes.length) & (SLOTS - 1);
            if (tags[slot] == null) {
                tags[slot] = candidate;
                found++;
            }
        }
        return tags;
    }
}
