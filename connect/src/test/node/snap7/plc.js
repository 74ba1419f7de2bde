// A Siemens S7 PLC for tests: the snap7 server (node-snap7) on a given port with data blocks, markers, inputs and
// outputs. The test drives it over stdin, one command per line, and reads one answer line per command:
//   set <area> <db> <offset> <hex>   write bytes into an area (DB, MK, PE, PA; db is ignored but for DB) -> "ok"
//   get <area> <db> <offset> <count> read bytes -> "<hex>"
//   stop | start                     the PLC goes off the network and comes back on the same port -> "ok"
const snap7 = require('node-snap7');

const port = parseInt(process.argv[2], 10);
const dbs = (process.argv[3] || '1:1024').split(',').map((s) => s.split(':').map(Number));
const server = new snap7.S7Server();
const areas = { MK: Buffer.alloc(1024), PE: Buffer.alloc(256), PA: Buffer.alloc(256) };
const blocks = {};
for (const [number, size] of dbs) {
  blocks[number] = Buffer.alloc(size);
  server.RegisterArea(server.srvAreaDB, number, blocks[number]);
}
server.RegisterArea(server.srvAreaMK, areas.MK);
server.RegisterArea(server.srvAreaPE, areas.PE);
server.RegisterArea(server.srvAreaPA, areas.PA);
server.SetParam(server.LocalPort, port);

function area(name, db) {
  const code = { DB: server.srvAreaDB, MK: server.srvAreaMK, PE: server.srvAreaPE, PA: server.srvAreaPA }[name];
  if (code === undefined) throw new Error('unknown area ' + name);
  return name === 'DB' ? [code, db] : [code];
}

function start() {
  if (!server.StartTo('127.0.0.1')) throw new Error('snap7 server did not start on port ' + port);
}

start();
console.log('listening ' + port);

let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  let nl;
  while ((nl = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, nl).trim();
    pending = pending.slice(nl + 1);
    try {
      const [command, name, db, offset, arg] = line.split(/\s+/);
      if (command === 'set') {
        const target = area(name, Number(db));
        const bytes = Buffer.from(arg, 'hex');
        const current = server.GetArea(...target);
        bytes.copy(current, Number(offset));
        server.SetArea(...target, current);
        console.log('ok');
      } else if (command === 'get') {
        const target = area(name, Number(db));
        const current = server.GetArea(...target);
        console.log(current.subarray(Number(offset), Number(offset) + Number(arg)).toString('hex'));
      } else if (command === 'stop') {
        server.Stop();
        console.log('ok');
      } else if (command === 'start') {
        start();
        console.log('ok');
      } else {
        console.log('error unknown command ' + command);
      }
    } catch (e) {
      console.log('error ' + e.message);
    }
  }
});
process.stdin.on('end', () => {
  server.Stop();
  process.exit(0);
});
