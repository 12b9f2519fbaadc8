package io.cdrplatform.bridge.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedPeersTest {

    @Test
    void anEmptyListAllowsEveryone() {
        AllowedPeers peers = AllowedPeers.parse(List.of());

        assertThat(peers.allowsEveryone()).isTrue();
        assertThat(peers.allows(peer("203.0.113.9"))).isTrue();
    }

    @Test
    void blocksAndSingleAddressesOfBothFamiliesAreMatched() {
        AllowedPeers peers = AllowedPeers.parse(List.of("10.1.2.0/24", "192.0.2.7", "2001:db8::/32"));

        assertThat(peers.allows(peer("10.1.2.200"))).isTrue();
        assertThat(peers.allows(peer("10.1.3.1"))).isFalse();
        assertThat(peers.allows(peer("192.0.2.7"))).isTrue();
        assertThat(peers.allows(peer("192.0.2.8"))).isFalse();
        assertThat(peers.allows(peer("2001:db8:1::5"))).isTrue();
        assertThat(peers.allows(peer("2001:db9::5"))).isFalse();
    }

    @Test
    void hostNamesAndBadPrefixesAreRefusedWithoutALookup() {
        assertThatThrownBy(() -> AllowedPeers.parse(List.of("pbx.example.com"))).hasMessageContaining("pbx.example.com");
        assertThatThrownBy(() -> AllowedPeers.parse(List.of("cafe"))).hasMessageContaining("cafe");
        assertThatThrownBy(() -> AllowedPeers.parse(List.of("10.0.0.0/x"))).hasMessageContaining("10.0.0.0/x");
        assertThatThrownBy(() -> AllowedPeers.parse(List.of("::1/129"))).hasMessageContaining("::1/129");
    }

    private static InetSocketAddress peer(String ip) {
        return new InetSocketAddress(ip, 40000);
    }
}
