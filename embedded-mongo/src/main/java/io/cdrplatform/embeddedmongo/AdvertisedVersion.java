package io.cdrplatform.embeddedmongo;

import de.bwaldvogel.mongo.MongoVersion;
import java.util.List;

/**
 * The MongoDB version the emulator reports to clients: {@code maxWireVersion} in its
 * {@code hello}/{@code isMaster} answer and {@code version}/{@code versionArray} in {@code buildInfo}.
 *
 * <p>mongo-java-server's own newest, {@code ServerVersion.MONGO_5_0}, reports wire version 8
 * (MongoDB 4.2), which current clients refuse: the Node.js driver 7.x under mongosh 2.x and Compass
 * needs at least 9 (MongoDB 4.4), our Java driver 5.x at least 8, and each driver major drops the
 * oldest servers. The emulator reports MongoDB 6.0 (wire 17): well above every current minimum, and
 * below the versions whose features clients switch on by wire version alone (Queryable Encryption
 * collections at 21, {@code rawData} at 27 in the Node.js driver). What clients do differently at 17
 * against 8 only concerns features they are asked for (hint on delete, commit quorum, snapshot
 * reads, replica-set election ids), none of which the platform or the README's mongosh commands use;
 * the whole build runs our Java driver against this version, and mongosh 2.x and the Node.js driver
 * 7.x against cdr-local (cdr-local's CurrentMongoClientsIT).
 */
public enum AdvertisedVersion implements MongoVersion {

    MONGO_6_0(List.of(6, 0, 0), 17);

    /** The one the emulator advertises. */
    public static final AdvertisedVersion CURRENT = MONGO_6_0;

    private final List<Integer> versionArray;
    private final int wireVersion;

    AdvertisedVersion(List<Integer> versionArray, int wireVersion) {
        this.versionArray = versionArray;
        this.wireVersion = wireVersion;
    }

    @Override
    public List<Integer> getVersionArray() {
        return versionArray;
    }

    @Override
    public int getWireVersion() {
        return wireVersion;
    }
}
