'use strict';
mw.live('/api/v1/plant/stream', { message: (c) => { document.getElementById('plant').textContent = JSON.stringify(c).slice(0, 2000); } });
