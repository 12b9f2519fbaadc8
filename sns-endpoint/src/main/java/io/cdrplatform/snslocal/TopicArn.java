package io.cdrplatform.snslocal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code arn:<partition>:sns:<region>:<account>:<name>}. */
public record TopicArn(String partition, String region, String accountId, String name) {
    /** The account every topic made here belongs to, as in LocalStack and the AWS docs' examples. */
    public static final String LOCAL_ACCOUNT_ID = "000000000000";

    private static final Pattern ARN = Pattern.compile(
            "arn:(aws[a-z-]*):sns:([a-z0-9-]{1,32}):([0-9]{12}):([A-Za-z0-9_-]{1,256}(?:\\.fifo)?)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");

    public static Optional<TopicArn> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = ARN.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new TopicArn(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4)));
    }

    public static TopicArn of(String region, String name) {
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("not an AWS region: " + region);
        }
        if (!isValidName(name)) {
            throw new IllegalArgumentException("not an SNS topic name: " + name);
        }
        return new TopicArn("aws", region, LOCAL_ACCOUNT_ID, name);
    }

    /** 1-256 letters, digits, hyphens and underscores (a {@code .fifo} suffix is a FIFO topic, unsupported here). */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":sns:" + region + ":" + accountId + ":" + name;
    }
}
