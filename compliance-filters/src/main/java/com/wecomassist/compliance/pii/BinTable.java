package com.wecomassist.compliance.pii;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bank identification numbers (card prefixes) with issuer, card type and length, read from a CSV
 * with the header {@code bin,bank,type,length} (the format of the bcbc list). With a table the
 * card detector only accepts numbers whose prefix and length are known, which removes Luhn-valid
 * serial numbers that happen to look like cards.
 */
public final class BinTable {

    /** One known prefix. */
    public record Entry(String bin, String bank, String type, int length) {
    }

    private final Map<String, Entry> byPrefixAndLength;
    private final int minPrefix;
    private final int maxPrefix;

    private BinTable(Map<String, Entry> entries, int minPrefix, int maxPrefix) {
        this.byPrefixAndLength = entries;
        this.minPrefix = minPrefix;
        this.maxPrefix = maxPrefix;
    }

    /** Reads the CSV; lines that do not parse are reported with their number. */
    public static BinTable read(Path csv) throws IOException {
        Map<String, Entry> map = new HashMap<>();
        int min = Integer.MAX_VALUE, max = 0;
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (no == 1 && line.startsWith("bin")) continue;
                if (line.isBlank()) continue;
                String[] f = line.split(",");
                if (f.length < 4 || !f[0].chars().allMatch(Character::isDigit)) {
                    throw new IOException(csv + ":" + no + ": expected bin,bank,type,length");
                }
                int len;
                try {
                    len = Integer.parseInt(f[3].trim());
                } catch (NumberFormatException e) {
                    throw new IOException(csv + ":" + no + ": length is not a number: " + f[3]);
                }
                map.put(f[0] + ":" + len, new Entry(f[0], f[1], f[2], len));
                min = Math.min(min, f[0].length());
                max = Math.max(max, f[0].length());
            }
        }
        return new BinTable(Map.copyOf(map), min == Integer.MAX_VALUE ? 0 : min, max);
    }

    /** The entry with the longest prefix of {@code digits} registered for its length. */
    public Optional<Entry> lookup(String digits) {
        for (int p = Math.min(maxPrefix, digits.length()); p >= minPrefix && p > 0; p--) {
            Entry e = byPrefixAndLength.get(digits.substring(0, p) + ":" + digits.length());
            if (e != null) return Optional.of(e);
        }
        return Optional.empty();
    }

    public int size() {
        return byPrefixAndLength.size();
    }
}
