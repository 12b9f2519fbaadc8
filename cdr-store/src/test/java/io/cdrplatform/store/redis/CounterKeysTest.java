package io.cdrplatform.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrplatform.core.counter.Counter;
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

    @Test
    void keysAreTheContractsNames() {
        assertThat(CounterKeys.counter("c1", Counter.TOTAL_ATTEMPTS)).isEqualTo("campaign:c1:total_attempts");
        assertThat(CounterKeys.counter("c1", Counter.OPTED_OUT)).isEqualTo("campaign:c1:opted_out");
        assertThat(CounterKeys.counter("c1", Counter.NO_ANSWER)).isEqualTo("campaign:c1:no_answer");
        assertThat(CounterKeys.counter("c1", Counter.ACTIVE_CALLS)).isEqualTo("campaign:c1:active_calls");
        assertThat(CounterKeys.lastActivity("c1")).isEqualTo("campaign:c1:last_activity");
        assertThat(CounterKeys.action("c1", "sms")).isEqualTo("campaign:c1:action:sms");
        assertThat(CounterKeys.campaignIndex()).isEqualTo("campaigns:last_activity");
    }

    @Test
    void aCampaignIdEndingInActionIsNotIndexedFromAKeyNameBecauseItsLastActivityKeyIsAnActionCounter() {
        // given campaign "c" counting the action type "last_activity"
        String actionCounter = CounterKeys.action("c", "last_activity");

        // then the same key is campaign "c:action"'s last activity, so that id is ambiguous in a key name
        assertThat(actionCounter).isEqualTo(CounterKeys.lastActivity("c:action"));
        assertThat(CounterKeys.campaignOfLastActivity(actionCounter)).isEqualTo("c:action");
        assertThat(CounterKeys.isIndexableFromKeyName("c:action")).isFalse();
        assertThat(CounterKeys.isIndexableFromKeyName("c:actions")).isTrue();
        assertThat(CounterKeys.isIndexableFromKeyName("c")).isTrue();
    }

    @Test
    void everyCounterHasTheContractsKeyName() {
        assertThat(java.util.Arrays.stream(Counter.values()).map(counter -> CounterKeys.counter("c1", counter)))
                .containsExactly("campaign:c1:total_attempts", "campaign:c1:active_calls", "campaign:c1:answered",
                        "campaign:c1:busy", "campaign:c1:failed", "campaign:c1:converted", "campaign:c1:opted_out",
                        "campaign:c1:no_answer", "campaign:c1:voicemail");
    }

    @Test
    void theCampaignOfALastActivityKeyIsWhatLiesBetweenItsPrefixAndSuffix() {
        assertThat(CounterKeys.campaignOfLastActivity("campaign:c1:last_activity")).isEqualTo("c1");
        assertThat(CounterKeys.campaignOfLastActivity(CounterKeys.lastActivity("a:b:last_activity")))
                .isEqualTo("a:b:last_activity");
        assertThat(CounterKeys.campaignOfLastActivity("campaign::last_activity")).isNull();
        assertThat(CounterKeys.campaignOfLastActivity("campaign:c1:total_attempts")).isNull();
        assertThat(CounterKeys.campaignOfLastActivity("other:c1:last_activity")).isNull();
    }
}
