package io.cdrplatform.bridge.tcp;

import io.cdrplatform.bridge.metrics.BridgeMetrics;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilter;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PBX_ALLOWED_CIDRS}: the networks PBXs may connect from ({@code 10.1.2.0/24},
 * {@code 192.0.2.7}, {@code 2001:db8::/32}, comma or space separated). Empty allows everyone.
 * A refused peer is logged and its connection closed before a byte is read.
 */
public final class AllowedPeers {

    private static final Logger log = LoggerFactory.getLogger(AllowedPeers.class);

    private final List<IpSubnetFilterRule> rules;

    private AllowedPeers(List<IpSubnetFilterRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Parses the list; a malformed entry is an {@link IllegalArgumentException} naming it. */
    public static AllowedPeers parse(List<String> cidrs) {
        return parse(cidrs, "PBX_ALLOWED_CIDRS");
    }

    /** Parses a list of IPs and CIDR blocks; errors name {@code variable}. */
    public static AllowedPeers parse(List<String> cidrs, String variable) {
        List<IpSubnetFilterRule> rules = new ArrayList<>();
        for (String cidr : cidrs) {
            rules.add(rule(cidr.strip(), variable));
        }
        return new AllowedPeers(rules);
    }

    public boolean allowsEveryone() {
        return rules.isEmpty();
    }

    public boolean allows(InetSocketAddress peer) {
        return rules.isEmpty() || rules.stream().anyMatch(rule -> rule.matches(peer));
    }

    /** A per-connection filter to put first in the pipeline, or empty when everyone is allowed. */
    public Optional<IpSubnetFilter> newFilter(BridgeMetrics metrics) {
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new IpSubnetFilter(false, rules) {
            @Override
            protected ChannelFuture channelRejected(ChannelHandlerContext ctx, InetSocketAddress remoteAddress) {
                metrics.peerRefused();
                String peer = PbxLineHandler.describe(remoteAddress);
                log.atWarn().addKeyValue("peer", peer)
                        .log("refused a connection from {}: not in PBX_ALLOWED_CIDRS", peer);
                return null;
            }
        });
    }

    private static IpSubnetFilterRule rule(String cidr, String variable) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        // Literal addresses only: a host name here would mean a DNS lookup at start.
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException(variable + " entry is not an IP address or CIDR block: " + cidr);
        }
        int max = bytes.length * 8;
        int bits;
        try {
            bits = slash < 0 ? max : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " entry has a bad prefix length: " + cidr, e);
        }
        if (bits < 0 || bits > max) {
            throw new IllegalArgumentException(variable + " entry has a prefix length outside 0.." + max + ": " + cidr);
        }
        try {
            return new IpSubnetFilterRule(InetAddress.getByAddress(bytes), bits, IpFilterRuleType.ACCEPT);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(variable + " entry is not an IP address: " + cidr, e);
        }
    }
}
