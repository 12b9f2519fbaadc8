// Run by mongosh against cdr-local's embedded store (CAMPAIGN_ID set by CurrentMongoClientsIT);
// prints one canonical Extended JSON line with each answer.
const campaignId = process.env.CAMPAIGN_ID;
print(EJSON.stringify({
  serverVersion: db.version(),
  count: db.call_records.countDocuments(),
  callIds: db.call_records.find({ campaignId }).sort({ callId: 1 }).toArray().map((cdr) => cdr.callId),
  costs: db.call_records.aggregate([
    { $match: { campaignId } },
    { $group: { _id: '$campaignId', calls: { $sum: 1 }, totalCost: { $sum: '$cost' } } },
  ]).toArray(),
}, { relaxed: false }));
