package io.cdrplatform.bridge.records;

import io.cdrplatform.bridge.tcp.AllowedPeers;
import io.cdrplatform.core.avaya.RecordLayout;
import java.net.InetSocketAddress;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * One PBX the bridge serves: its name (part of every callId of its records; empty for the default
 * PBX, which adds nothing, so single-PBX callIds are what they always were), the zone of its clock,
 * its record layout (null = {@code auto}), the date order of its date fields and date records, and
 * how its connections are recognised: by the listener port they arrive on, or by source address.
 *
 * @param name      the PBX name, {@code [A-Za-z0-9._:-]{1,64}}; empty for the default PBX
 * @param zone      the zone of the PBX clock
 * @param format    the configured format text ({@code seed}, {@code teleseer}, a customized record, {@code auto})
 * @param layout    the layout, or null for {@code auto}
 * @param dateOrder the CDR date format (month/day or day/month)
 * @param sources   IPs / CIDR blocks its connections come from; empty = none (matched by port or as default)
 * @param port      a listener port of its own, or 0
 */
public record PbxSite(String name, ZoneId zone, String format, RecordLayout layout, RecordLayout.DateOrder dateOrder,
                      List<String> sources, int port) {

    public static final String AUTO = "auto";

    public PbxSite {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(dateOrder, "dateOrder");
        sources = List.copyOf(sources);
    }

    /** A site from its configuration; the format is a layout name, a customized record or {@code auto}. */
    public static PbxSite of(String name, ZoneId zone, String format, RecordLayout.DateOrder dateOrder,
                             List<String> sources, int port, String variable) {
        RecordLayout layout;
        try {
            layout = AUTO.equalsIgnoreCase(format.strip()) ? null
                    : io.cdrplatform.core.avaya.RecordLayouts.resolve(format, dateOrder);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + ": " + e.getMessage(), e);
        }
        AllowedPeers.parse(sources, variable);
        return new PbxSite(name, zone, format.strip(), layout, dateOrder, sources, port);
    }

    public boolean isDefault() {
        return name.isEmpty();
    }

    public boolean auto() {
        return layout == null;
    }

    /** The name for logs: {@code default} for the default PBX. */
    public String label() {
        return name.isEmpty() ? "default" : name;
    }

    boolean matchesSource(InetSocketAddress peer) {
        return !sources.isEmpty() && peer != null && AllowedPeers.parse(sources, "sources").allows(peer);
    }
}
