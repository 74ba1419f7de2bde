// Reads, writes and subscribes to a Millwright simulator OPC UA server with node-opcua, an OPC UA
// client we did not write (NodeOpcuaPeerIT runs it).
//
// Usage: node opcua_peer.js ENDPOINT MACHINE PKI_DIR MODE [USER PASSWORD]
//   ENDPOINT  opc.tcp://127.0.0.1:port/millwright
//   MACHINE   the machine's folder below Objects, e.g. cnc-01
//   PKI_DIR   where node-opcua keeps its own certificate and the servers' it accepts
//   MODE      None (SecurityPolicy None) or SignAndEncrypt (Basic256Sha256)
//   USER PASSWORD  a username identity; anonymous without them
// Environment: PEER_WRITES = tag=json;tag=json... (each written with the DataType the server
// declares; a JSON string is sent as a String), PEER_SUBSCRIBE = a tag to monitor at 100 ms,
// PEER_NOTIFICATIONS = how many data changes to wait for.
//
// Prints one JSON object per line, every field a string: the endpoint used, the namespace index,
// one "variable" per browsed variable with its read, one "write" per write, one "notification"
// per data change, then "done". Exits non-zero on any error, printing it as {"event":"error"}.
"use strict";

const {
  AttributeIds,
  BrowseDirection,
  ClientMonitoredItem,
  ClientSubscription,
  DataType,
  MessageSecurityMode,
  NodeClassMask,
  OPCUAClient,
  ObjectIds,
  SecurityPolicy,
  TimestampsToReturn,
  UserTokenType,
  VariantArrayType,
  resolveNodeId,
} = require("node-opcua-client");
const { OPCUACertificateManager } = require("node-opcua-certificate-manager");

const NAMESPACE_URI = "urn:millwright:simulator";

function emit(event, fields) {
  const line = { event };
  for (const [k, v] of Object.entries(fields || {})) {
    line[k] = String(v);
  }
  process.stdout.write(JSON.stringify(line) + "\n");
}

/** A variant's value as text; 64-bit integers come as [high, low] 32-bit words. */
function show(variant) {
  const v = variant.value;
  if (variant.dataType === DataType.Int64 || variant.dataType === DataType.UInt64) {
    const raw = (BigInt(v[0] >>> 0) << 32n) | BigInt(v[1] >>> 0);
    return (variant.dataType === DataType.Int64 ? BigInt.asIntN(64, raw) : raw).toString();
  }
  return String(v);
}

/** A JSON value as the variant node-opcua sends for the given built-in type. */
function variantOf(dataType, json) {
  const value = JSON.parse(json);
  if (dataType === DataType.Int64 || dataType === DataType.UInt64) {
    const big = BigInt.asUintN(64, BigInt(value));
    return {
      dataType,
      arrayType: VariantArrayType.Scalar,
      value: [Number(big >> 32n), Number(big & 0xffffffffn)],
    };
  }
  return { dataType, arrayType: VariantArrayType.Scalar, value };
}

async function browseAll(session, nodeId, nodeClassMask) {
  let result = await session.browse({
    nodeId,
    browseDirection: BrowseDirection.Forward,
    referenceTypeId: resolveNodeId("HierarchicalReferences"),
    includeSubtypes: true,
    nodeClassMask,
    resultMask: 0x3f,
  });
  const references = [...(result.references || [])];
  while (result.continuationPoint && result.continuationPoint.length > 0) {
    result = await session.browseNext(result.continuationPoint, false);
    references.push(...(result.references || []));
  }
  if (result.statusCode.isNotGood()) {
    throw new Error("browse " + nodeId.toString() + ": " + result.statusCode.name);
  }
  return references;
}

async function main() {
  const [endpoint, machine, pkiDir, mode, user, password] = process.argv.slice(2);
  const secure = mode === "SignAndEncrypt";
  const certificateManager = new OPCUACertificateManager({
    rootFolder: pkiDir,
    // The simulator's certificate is self-signed; a demo client accepts it as the docs say.
    automaticallyAcceptUnknownCertificate: true,
  });
  const client = OPCUAClient.create({
    applicationName: "MillwrightNodeOpcuaPeer",
    applicationUri: "urn:millwright:node-opcua-peer",
    clientCertificateManager: certificateManager,
    securityMode: secure ? MessageSecurityMode.SignAndEncrypt : MessageSecurityMode.None,
    securityPolicy: secure ? SecurityPolicy.Basic256Sha256 : SecurityPolicy.None,
    endpointMustExist: true,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
    requestedSessionTimeout: 30000,
  });
  await client.connect(endpoint);
  emit("endpoint", {
    securityPolicy: client.securityPolicy,
    securityMode: MessageSecurityMode[client.securityMode],
  });
  const identity = user
    ? { type: UserTokenType.UserName, userName: user, password }
    : { type: UserTokenType.Anonymous };
  const session = await client.createSession(identity);
  try {
    await run(session, machine);
  } finally {
    await session.close();
    await client.disconnect();
  }
}

async function run(session, machine) {
  const namespaceArray = await session.read({
    nodeId: resolveNodeId("Server_NamespaceArray"),
    attributeId: AttributeIds.Value,
  });
  const namespaces = namespaceArray.value.value;
  const ns = namespaces.indexOf(NAMESPACE_URI);
  emit("namespace", { uri: NAMESPACE_URI, index: ns });

  const objectsFolder = resolveNodeId(ObjectIds.ObjectsFolder);
  const objects = await browseAll(session, objectsFolder, NodeClassMask.Object);
  const folder = objects.find((r) => r.browseName.name === machine);
  if (!folder) {
    const names = objects.map((r) => r.browseName.name);
    throw new Error("no folder " + machine + " below Objects, only " + names);
  }
  const variables = await browseAll(session, folder.nodeId, NodeClassMask.Variable);
  const types = {};
  for (const ref of variables) {
    const tag = ref.browseName.name;
    const [value, dataType, accessLevel, userAccessLevel] = await session.read([
      { nodeId: ref.nodeId, attributeId: AttributeIds.Value },
      { nodeId: ref.nodeId, attributeId: AttributeIds.DataType },
      { nodeId: ref.nodeId, attributeId: AttributeIds.AccessLevel },
      { nodeId: ref.nodeId, attributeId: AttributeIds.UserAccessLevel },
    ]);
    const declared = dataType.value.value;
    types[tag] = declared.namespace === 0 ? declared.value : null;
    emit("variable", {
      tag,
      nodeId: ref.nodeId.toString(),
      browseNamespace: ref.browseName.namespaceIndex,
      dataType: declared.namespace === 0 ? DataType[declared.value] : declared.toString(),
      variantType: DataType[value.value.dataType],
      value: show(value.value),
      status: value.statusCode.name,
      accessLevel: accessLevel.value.value,
      userAccessLevel: userAccessLevel.value.value,
    });
  }

  for (const write of (process.env.PEER_WRITES || "").split(";").filter((w) => w)) {
    const eq = write.indexOf("=");
    const tag = write.substring(0, eq);
    const json = write.substring(eq + 1);
    const ref = variables.find((r) => r.browseName.name === tag);
    if (!ref) {
      throw new Error("cannot write " + tag + ": not browsed below " + machine);
    }
    // A string sent to a numeric tag is how the type-mismatch case is asked for.
    const parsed = JSON.parse(json);
    const type = typeof parsed === "string" ? DataType.String : types[tag];
    const status = await session.write({
      nodeId: ref.nodeId,
      attributeId: AttributeIds.Value,
      value: { value: variantOf(type, json) },
    });
    emit("write", { tag, dataType: DataType[type], status: status.name });
  }

  const subscribed = process.env.PEER_SUBSCRIBE;
  if (subscribed) {
    const ref = variables.find((r) => r.browseName.name === subscribed);
    if (!ref) {
      throw new Error("cannot subscribe to " + subscribed + ": not browsed below " + machine);
    }
    await subscribe(session, ref, Number(process.env.PEER_NOTIFICATIONS || "3"));
  }
  emit("done", {});
}

async function subscribe(session, ref, wanted) {
  const subscription = ClientSubscription.create(session, {
    requestedPublishingInterval: 100,
    requestedLifetimeCount: 100,
    requestedMaxKeepAliveCount: 10,
    maxNotificationsPerPublish: 100,
    publishingEnabled: true,
    priority: 1,
  });
  const item = ClientMonitoredItem.create(
    subscription,
    { nodeId: ref.nodeId, attributeId: AttributeIds.Value },
    { samplingInterval: 100, discardOldest: true, queueSize: 10 },
    TimestampsToReturn.Both,
  );
  let seen = 0;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("only " + seen + " notifications in 10 s")),
      10000,
    );
    item.on("err", (message) => {
      clearTimeout(timer);
      reject(new Error("monitored item: " + message));
    });
    item.on("changed", (dataValue) => {
      // One publish can carry several queued values (a late publish on a busy machine): count
      // only the wanted number, so that the test sees exactly that many.
      if (seen >= wanted) {
        return;
      }
      seen++;
      emit("notification", {
        tag: ref.browseName.name,
        variantType: DataType[dataValue.value.dataType],
        value: show(dataValue.value),
        status: dataValue.statusCode.name,
        revisedSamplingInterval: item.monitoringParameters.samplingInterval,
      });
      if (seen >= wanted) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await subscription.terminate();
}

main().then(
  () => process.exit(0),
  (e) => {
    emit("error", { message: e && e.stack ? e.stack : e });
    process.exit(1);
  },
);
