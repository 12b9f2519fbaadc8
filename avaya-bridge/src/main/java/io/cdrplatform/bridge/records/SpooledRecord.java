package io.cdrplatform.bridge.records;

import io.cdrplatform.bridge.spool.SpoolEntry;
import io.cdrplatform.core.avaya.AvayaRecord;
import io.cdrplatform.core.avaya.ConditionCodes;

/**
 * A spooled line as the sinks get it: parsed, its campaign chosen, its condition-code rule known.
 *
 * @param entry      the spool entry (position, receive time, masked line)
 * @param record     the parsed record
 * @param campaignId from {@code PBX_ATTRIBUTION_FILE}, else {@code AVAYA_CAMPAIGN_ID}
 * @param rule       what its condition code means (whether it is an attempt)
 */
public record SpooledRecord(SpoolEntry entry, AvayaRecord record, String campaignId, ConditionCodes.Rule rule) {
}
