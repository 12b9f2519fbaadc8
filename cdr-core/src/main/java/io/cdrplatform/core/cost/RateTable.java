package io.cdrplatform.core.cost;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A carrier's rates by destination prefix over time, looked up by longest prefix valid at an
 * instant. The lookup walks a trie along the destination key, one node per character, so it costs
 * O(key length) whatever the table's size (a real sheet has tens of thousands of prefixes), times
 * the few versions a prefix has over time. The rates of imported sheets are those
 * {@link RateSheet#inForce} gives.
 *
 * <p>Where rates of one prefix overlap in time (only a hand-edited table can do that), the one
 * valid from the latest instant wins, then the smaller name, price and fee, so the choice never
 * depends on the order the rates were read in. Immutable and thread-safe.
 */
public final class RateTable {

    private static final RateTable EMPTY = new RateTable(List.of());
    private static final int ALPHABET = 11;
    private static final int EXTENSION_MARK = 10;
    /** The newest first; ties on everything that prices a call. */
    private static final Comparator<Rate> PRECEDENCE = Comparator.comparing(Rate::validFrom).reversed()
            .thenComparing(Rate::name)
            .thenComparing(Rate::pricePerMinute)
            .thenComparing(Rate::connectionFee)
            .thenComparing(rate -> rate.increment().toString())
            .thenComparing(Rate::validTo, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final List<Rate> rates;
    private final Node root = new Node();

    private RateTable(List<Rate> rates) {
        this.rates = rates;
        for (Rate rate : rates) {
            Node node = root;
            for (int i = 0; i < rate.prefix().length(); i++) {
                node = node.child(index(rate.prefix().charAt(i)));
            }
            node.add(rate);
        }
        sortVersions(root);
    }

    public static RateTable empty() {
        return EMPTY;
    }

    public static RateTable of(Collection<Rate> rates) {
        List<Rate> copy = List.copyOf(rates);
        return copy.isEmpty() ? EMPTY : new RateTable(copy);
    }

    /**
     * The key a phone number is looked up by: the digits of an E.164 number ({@code +4420...} ->
     * {@code 4420...}), {@code x} and the digits of an extension ({@code 2434} -> {@code x2434}),
     * or null for no number or one of neither form.
     */
    public static String destinationKey(String phoneNumber) {
        if (phoneNumber == null || phoneNumber.isEmpty()) {
            return null;
        }
        boolean e164 = phoneNumber.charAt(0) == '+';
        int start = e164 ? 1 : 0;
        if (phoneNumber.length() == start) {
            return null;
        }
        for (int i = start; i < phoneNumber.length(); i++) {
            char c = phoneNumber.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return e164 ? phoneNumber.substring(1) : "x" + phoneNumber;
    }

    /** A key of a PBX extension (a number without {@code +}). */
    public static boolean isExtension(String destinationKey) {
        return destinationKey.startsWith("x");
    }

    /** The rate of the longest prefix of {@code destinationKey} valid at {@code at}, or null. */
    public Rate lookup(String destinationKey, Instant at) {
        Objects.requireNonNull(at, "at");
        Rate best = null;
        Node node = root;
        for (int i = 0; i < destinationKey.length(); i++) {
            int index = index(destinationKey.charAt(i));
            node = index < 0 || node.children == null ? null : node.children[index];
            if (node == null) {
                break;
            }
            Rate valid = node.validAt(at);
            if (valid != null) {
                best = valid;
            }
        }
        return best;
    }

    /** Every rate of the table, in the order it was given. */
    public List<Rate> rates() {
        return rates;
    }

    public int size() {
        return rates.size();
    }

    public boolean isEmpty() {
        return rates.isEmpty();
    }

    private static int index(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c == 'x' ? EXTENSION_MARK : -1;
    }

    private static void sortVersions(Node node) {
        if (node.versions.length > 1) {
            Arrays.sort(node.versions, PRECEDENCE);
        }
        if (node.children != null) {
            for (Node child : node.children) {
                if (child != null) {
                    sortVersions(child);
                }
            }
        }
    }

    private static final class Node {
        private static final Rate[] NONE = new Rate[0];
        Node[] children;
        Rate[] versions = NONE;

        Node child(int index) {
            if (children == null) {
                children = new Node[ALPHABET];
            }
            Node child = children[index];
            if (child == null) {
                child = new Node();
                children[index] = child;
            }
            return child;
        }

        void add(Rate rate) {
            Rate[] grown = Arrays.copyOf(versions, versions.length + 1);
            grown[versions.length] = rate;
            versions = grown;
        }

        Rate validAt(Instant at) {
            for (Rate rate : versions) {
                if (rate.validAt(at)) {
                    return rate;
                }
            }
            return null;
        }
    }
}
