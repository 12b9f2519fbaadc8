# One multi-stage build, one target per deployable:
#   docker build --target logger -t cdr-logger .    (Lambda image, SQS/SNS call events -> MongoDB + Redis)
#   docker build --target query  -t cdr-query  .    (Lambda image, API Gateway HTTP API)
#   docker build --target bridge -t avaya-bridge .  (ECS/Fargate service, PBX TCP listener)
# `sam build` builds the Lambda targets through the Metadata of each function in template.yaml.
# No BuildKit-only syntax (RUN --mount, heredocs): `sam build` drives the classic builder.
# deployment-tests (DockerfileTest, LambdaImageEntryPointIT) parse this file: keep ENTRYPOINT/CMD in exec form.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first: this layer is reused until a pom.xml changes. Maven loads the whole reactor,
# so every module listed in the root pom.xml needs its pom here.
COPY pom.xml ./
COPY cdr-core/pom.xml cdr-core/
COPY cdr-store/pom.xml cdr-store/
COPY embedded-mongo/pom.xml embedded-mongo/
COPY test-support/pom.xml test-support/
COPY sns-endpoint/pom.xml sns-endpoint/
COPY cdr-logger-lambda/pom.xml cdr-logger-lambda/
COPY avaya-bridge/pom.xml avaya-bridge/
COPY query-lambda/pom.xml query-lambda/
COPY cdr-local/pom.xml cdr-local/
COPY reliability/pom.xml reliability/
COPY benchmarks/pom.xml benchmarks/
COPY deployment-tests/pom.xml deployment-tests/
# (3.x: resolves third-party artifacts only, not the reactor's own modules; the few plugin
# artifacts it misses are fetched by the package step)
RUN mvn -B -q -pl cdr-logger-lambda,query-lambda,avaya-bridge -am \
      org.apache.maven.plugins:maven-dependency-plugin:3.11.0:go-offline
COPY . .
RUN mvn -B -q -DskipTests -pl cdr-logger-lambda,query-lambda,avaya-bridge -am package \
 && mkdir /out \
 && cp cdr-logger-lambda/target/cdr-logger-lambda.jar query-lambda/target/query-lambda.jar \
       avaya-bridge/target/avaya-bridge.jar /out/

# Lambda images: a JRE running the AWS Lambda runtime interface client (shaded into each jar) with
# the handler named by CMD (template.yaml's ImageConfig.Command may override it). JVM flags for a
# short start: C1 only (as AWS's managed Java runtimes do), serial GC, 75% of the function's memory
# as heap, and an application class-data sharing archive (app.jsa): a training start at build time
# records every class the handler loads during init (it ends when it finds no Runtime API to poll);
# the entry point maps that archive instead of loading and verifying those classes again, which
# about halves the init time. A missing or unusable archive only costs that speed (-Xshare:auto).
# Extra flags: set JAVA_TOOL_OPTIONS on the function.
FROM eclipse-temurin:17-jre AS lambda-base
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app
WORKDIR /function

FROM lambda-base AS logger
COPY --from=build /out/cdr-logger-lambda.jar /function/app.jar
RUN AWS_LAMBDA_RUNTIME_API=127.0.0.1:9 java -XX:ArchiveClassesAtExit=/function/app.jsa -XX:TieredStopAtLevel=1 \
      -XX:+UseSerialGC -cp /function/app.jar com.amazonaws.services.lambda.runtime.api.client.AWSLambda \
      io.cdrplatform.logger.SqsEventHandler::handleRequest > /dev/null 2>&1; test -s /function/app.jsa
USER 10001
ENTRYPOINT ["java", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75", "-XX:-UsePerfData", "-XX:SharedArchiveFile=/function/app.jsa", "-cp", "/function/app.jar", "com.amazonaws.services.lambda.runtime.api.client.AWSLambda"]
CMD ["io.cdrplatform.logger.SqsEventHandler::handleRequest"]

FROM lambda-base AS query
COPY --from=build /out/query-lambda.jar /function/app.jar
RUN AWS_LAMBDA_RUNTIME_API=127.0.0.1:9 java -XX:ArchiveClassesAtExit=/function/app.jsa -XX:TieredStopAtLevel=1 \
      -XX:+UseSerialGC -cp /function/app.jar com.amazonaws.services.lambda.runtime.api.client.AWSLambda \
      io.cdrplatform.query.QueryHandler::handleRequest > /dev/null 2>&1; test -s /function/app.jsa
USER 10001
ENTRYPOINT ["java", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75", "-XX:-UsePerfData", "-XX:SharedArchiveFile=/function/app.jsa", "-cp", "/function/app.jar", "com.amazonaws.services.lambda.runtime.api.client.AWSLambda"]
CMD ["io.cdrplatform.query.QueryHandler::handleRequest"]

# The bridge: always on, spool on a mounted volume (EFS on Fargate), health on 8081.
FROM eclipse-temurin:17-jre AS bridge
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app \
 && mkdir -p /var/spool/avaya-bridge && chown app:app /var/spool/avaya-bridge \
 && apt-get update && apt-get install -y --no-install-recommends wget && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/avaya-bridge.jar /app/avaya-bridge.jar
ENV SPOOL_DIR=/var/spool/avaya-bridge
VOLUME ["/var/spool/avaya-bridge"]
EXPOSE 9000 8081
USER 10001
# exec form: the JVM is PID 1 and receives SIGTERM for the graceful drain
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75", "-jar", "/app/avaya-bridge.jar"]
