package io.cdrplatform.core.counter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CounterKeysTest {

    @Test
    void theActionTypeOfACampaignsActionCounterIsWhatFollowsItsActionPrefix() {
        assertThat(CounterKeys.actionTypeOf("camp", "campaign:camp:action:transfer")).isEqualTo("transfer");
    }

    @Test
    void aKeyOfACampaignWhoseIdExtendsThisOnesHasNoActionTypeForIt() {
        // given campaign "camp:action:x" counting its calls: its keys start with camp's action prefix
        String otherCampaignsCounter = CounterKeys.counter("camp:action:x", Counter.TOTAL_ATTEMPTS);

        // then they are not camp's action counters
        assertThat(otherCampaignsCounter).startsWith(CounterKeys.action("camp", ""));
        assertThat(CounterKeys.actionTypeOf("camp", otherCampaignsCounter)).isNull();
    }

    @Test
    void keysOutsideTheCampaignsActionPrefixHaveNoActionType() {
        assertThat(CounterKeys.actionTypeOf("camp", "campaign:camp:answered")).isNull();
        assertThat(CounterKeys.actionTypeOf("camp", "campaign:other:action:transfer")).isNull();
        assertThat(CounterKeys.actionTypeOf("camp", "campaign:camp:action:")).isNull();
    }
}
