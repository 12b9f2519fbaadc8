// The Node.js MongoDB driver against cdr-local's embedded store: node node-driver.js <uri> <campaignId>
// Prints one canonical Extended JSON line with each answer, for CurrentMongoClientsIT to check.
const { MongoClient, BSON } = require('mongodb');

async function main(uri, campaignId) {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10000 });
  try {
    const db = client.db('campaign_system');
    const records = db.collection('call_records');
    const answers = {
      serverVersion: (await client.db('admin').command({ buildInfo: 1 })).version,
      count: await records.countDocuments(),
      callIds: (await records.find({ campaignId }).sort({ callId: 1 }).toArray()).map((cdr) => cdr.callId),
      costs: await records.aggregate([
        { $match: { campaignId } },
        { $group: { _id: '$campaignId', calls: { $sum: 1 }, totalCost: { $sum: '$cost' } } },
      ]).toArray(),
    };
    console.log(BSON.EJSON.stringify(answers, { relaxed: false }));
  } finally {
    await client.close();
  }
}

main(process.argv[2], process.argv[3]).catch((error) => {
  console.error(error);
  process.exit(1);
});
