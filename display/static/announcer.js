/* Says each call after a short chime, one call at a time (queued, never talked over, never
 * dropped): twice when no other call waits, once when others do, so a burst of calls at nine
 * o'clock is said within a minute. Uses speechSynthesis with a Mandarin voice where one exists,
 * else joins the pre-recorded clips of display/static/audio/ with Web Audio; `voice: "off"`
 * runs the same queue silently on the clips' real durations. The reading of numbers mirrors
 * display/announce.py (digits: A零一二, natural: A十二). Each call may carry `seq` (its audit
 * entry's id): a call at or below the last seq queued is not queued again, and the last seq
 * said is kept in localStorage so a reloaded board knows where it stopped. */
(function () {
  "use strict";

  const DIGITS = "零一二三四五六七八九";
  const NUMBER = /^([A-Z]{1,3})(\d{1,4})$/;
  const PHRASE_CLIPS = { "请": "qing", "号": "hao", "到": "dao", "号窗口": "haochuangkou" };
  const DIGIT_CLIPS = { "零": "ling", "一": "yi", "二": "er", "三": "san", "四": "si",
                        "五": "wu", "六": "liu", "七": "qi", "八": "ba", "九": "jiu",
                        "十": "shi", "百": "bai", "千": "qian" };

  function natural(n) {
    if (!(n >= 0 && n <= 9999)) throw new RangeError("cannot read " + n);
    if (n === 0) return "零";
    if (n >= 10 && n < 20) return "十" + (n % 10 ? DIGITS[n % 10] : "");
    let out = "";
    let zeroPending = false;
    for (const [value, unit] of [[1000, "千"], [100, "百"], [10, "十"], [1, ""]]) {
      const digit = Math.floor(n / value) % 10;
      if (digit === 0) { zeroPending = out !== ""; continue; }
      if (zeroPending) { out += "零"; zeroPending = false; }
      out += DIGITS[digit] + unit;
    }
    return out;
  }

  function split(number) {
    const match = NUMBER.exec(String(number).trim().toUpperCase());
    if (!match) throw new Error("not a ticket number: " + number);
    return [match[1], match[2]];
  }

  function spokenNumber(number, reading) {
    const [letters, digits] = split(number);
    if (reading === "natural") return letters + natural(Number(digits));
    return letters + Array.from(digits, (d) => DIGITS[Number(d)]).join("");
  }

  /** "请A零一二号到八号窗口": what is said aloud. */
  function announcement(number, windowNo, reading) {
    return "请" + spokenNumber(number, reading) + "号到" + natural(windowNo) + "号窗口";
  }

  /** "请A012号到8号窗口": the same call as written. */
  function displayText(number, windowNo) {
    const [letters, digits] = split(number);
    return "请" + letters + digits + "号到" + windowNo + "号窗口";
  }

  function clipSequence(number, windowNo, reading) {
    const [letters] = split(number);
    const said = Array.from(spokenNumber(number, reading).slice(letters.length));
    const pieces = ["请", ...letters, ...said, "号", "到", ...Array.from(natural(windowNo)),
                    "号窗口"];
    return ["chime", ...pieces.map((p) => PHRASE_CLIPS[p] || DIGIT_CLIPS[p]
                                          || "letter-" + p.toLowerCase())];
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const GAP_MS = 300;           // between two calls
  const REPEAT_GAP_MS = 400;    // between the two sayings of one call
  const SPEECH_RATE = 1.3;      // brisk: the sentence with its chime stays under 4 s
  const UNHEARD_MAX_AGE_MS = 5 * 60000;  // calls queued before sound was on, kept this long
  const STORE_KEY = "hall.board.lastSeq";

  function storedSeq() {
    try {
      const text = window.localStorage.getItem(STORE_KEY);
      const value = text === null ? NaN : Number(text);
      return Number.isInteger(value) && value >= 0 ? value : null;
    } catch (err) {
      return null;  // storage may be off (private mode): memory still dedupes
    }
  }

  class Announcer {
    constructor(options) {
      const o = options || {};
      this.reading = o.reading === "natural" ? "natural" : "digits";
      this.voice = o.voice || "auto";           // auto | speech | clips | off
      this.audioBase = o.audioBase;             // the clips' URL, ending in "/"
      this.clipSeconds = o.clipSeconds || {};   // clip name → seconds (for voice "off")
      this.onchange = o.onchange || (() => {});
      this.announcements = [];                  // display texts, in the order queued
      this.spoken = [];                         // what is (or would be) said for each
      this.said = [];                           // texts said (or run silently), in order
      this.log = [];                            // {seq, text, times, startedAt, endedAt}
      this.pending = [];
      this.current = null;
      this.enabled = this.voice === "off";      // a silent board needs no tap
      this.context = null;
      this.buffers = new Map();
      this.lastSaidSeq = storedSeq();           // survives a reload (localStorage)
      this.lastQueuedSeq = this.lastSaidSeq;    // in memory: never queue a call twice
    }

    /** Where this board stopped before: a seq, or null on its first ever load. */
    get heardUpTo() {
      return this.lastQueuedSeq;
    }

    /** Take everything up to `seq` as heard without saying it: a first ever load, or a hall
     * whose log started again (its newest seq below the one remembered). */
    resetHeard(seq) {
      if (!Number.isInteger(seq)) return;
      this.lastQueuedSeq = this.lastSaidSeq = seq;
      this._store(seq, true);
    }

    /** Queue one call; it is said after those before it, never over them. A call with a
     * `seq` at or below the last one queued is not queued again. */
    enqueue(number, windowNo, kind, seq) {
      const hasSeq = Number.isInteger(seq);
      if (hasSeq && this.lastQueuedSeq !== null && seq <= this.lastQueuedSeq) return null;
      let item;
      try {
        item = { number, windowNo, kind, seq: hasSeq ? seq : null,
                 text: displayText(number, windowNo),
                 spoken: announcement(number, windowNo, this.reading),
                 clips: clipSequence(number, windowNo, this.reading), queuedAt: Date.now() };
      } catch (err) {
        console.warn("not announced:", err);
        return null;
      }
      if (hasSeq) this.lastQueuedSeq = Math.max(this.lastQueuedSeq || 0, seq);
      this.announcements.push(item.text);
      this.spoken.push(item.spoken);
      if (this.announcements.length > 500) { this.announcements.shift(); this.spoken.shift(); }
      this.pending.push(item);
      this.onchange(this);
      this._pump();
      return item;
    }

    /** Try to start sound without a gesture (works under --autoplay-policy flags). */
    tryAutoEnable() {
      if (this.voice === "off") return false;
      const context = this._context();
      if (context && context.state === "running") {
        this._forgetUnheard();
        this.enabled = true;
        this._pump();
      }
      return this.enabled;
    }

    /** Start sound from a user gesture (the 启用语音 button). */
    async enable() {
      const context = this._context();
      if (context && context.state !== "running") {
        try { await context.resume(); } catch (err) { console.warn(err); }
      }
      if ("speechSynthesis" in window) {
        const primer = new SpeechSynthesisUtterance("");
        window.speechSynthesis.speak(primer); // unlocks speech in the same gesture
      }
      this._forgetUnheard();
      this.enabled = true;
      this.onchange(this);
      this._pump();
      return true;
    }

    /** Calls that waited for sound to be switched on are said only if still recent. */
    _forgetUnheard() {
      const now = Date.now();
      this.pending = this.pending.filter((item) => now - item.queuedAt <= UNHEARD_MAX_AGE_MS);
    }

    /** speech when a Mandarin voice exists (or is forced), else clips. */
    mode() {
      if (this.voice === "off") return "off";
      if (this.voice === "clips") return "clips";
      const voice = this._mandarinVoice();
      if (this.voice === "speech") return "speechSynthesis" in window ? "speech" : "clips";
      return voice ? "speech" : "clips";
    }

    _context() {
      if (!this.context) {
        const Context = window.AudioContext || window.webkitAudioContext;
        if (!Context) return null;
        this.context = new Context();
      }
      return this.context;
    }

    _mandarinVoice() {
      if (!("speechSynthesis" in window)) return null;
      const voices = window.speechSynthesis.getVoices();
      return voices.find((v) => /^zh[-_]CN/i.test(v.lang))
        || voices.find((v) => /^(zh|cmn)([-_]|$)/i.test(v.lang) && !/HK|TW/i.test(v.lang))
        || null;
    }

    async _pump() {
      if (this.current || !this.enabled) return;
      while (this.pending.length) {
        const item = this.pending.shift();
        this.current = item;
        this.onchange(this);
        const entry = { seq: item.seq, text: item.text, times: 0, startedAt: Date.now(),
                        endedAt: null };
        try {
          entry.times = await this._say(item);
        } catch (err) {
          console.warn("announcement failed:", err);
        }
        entry.endedAt = Date.now();
        this.log.push(entry);
        if (this.log.length > 500) this.log.shift();
        this.said.push(item.text);
        if (item.seq !== null) this._saidUpTo(item.seq);
        await sleep(GAP_MS);
      }
      this.current = null;
      this.onchange(this);
    }

    _saidUpTo(seq) {
      this.lastSaidSeq = Math.max(this.lastSaidSeq || 0, seq);
      this._store(this.lastSaidSeq);
    }

    _store(seq, force) {
      try {
        const stored = storedSeq();
        if (force || stored === null || seq > stored) {
          window.localStorage.setItem(STORE_KEY, String(seq));
        }
      } catch (err) {
        /* storage off: memory only */
      }
    }

    /** Chime, the sentence, and the sentence again only if no other call waits.
     * Returns how many times it was said. */
    async _say(item) {
      const mode = this.mode();
      const play = (names) => (mode === "off" ? this._silently(names) : this._playClips(names));
      if (mode === "speech") {
        await play(["chime"]);
        await this._speak(item.spoken);
      } else {
        await play(item.clips);            // the chime and the sentence, scheduled as one
      }
      if (this.pending.length > 0) return 1;   // others wait: once is enough
      await sleep(REPEAT_GAP_MS);
      if (mode === "speech") await this._speak(item.spoken);
      else await play(item.clips.slice(1));
      return 2;
    }

    /** Take as long as the clips would, without sound (voice "off"). */
    _silently(names) {
      const seconds = names.reduce((sum, name) => sum + (this.clipSeconds[name] || 0.25), 0);
      return sleep(seconds * 1000 + 100);   // the player's own lead-in and tail
    }

    _speak(text) {
      return new Promise((resolve) => {
        const utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = "zh-CN";
        const voice = this._mandarinVoice();
        if (voice) utterance.voice = voice;
        utterance.rate = SPEECH_RATE;
        // Some engines never fire `end`: do not let one stuck call block the queue.
        const guard = setTimeout(resolve, 2000 + 400 * text.length);
        utterance.onend = utterance.onerror = () => { clearTimeout(guard); resolve(); };
        window.speechSynthesis.speak(utterance);
      });
    }

    async _buffer(name) {
      if (!this.buffers.has(name)) {
        const loading = fetch(this.audioBase + name + ".ogg")
          .then((response) => {
            if (!response.ok) throw new Error("clip " + name + ": " + response.status);
            return response.arrayBuffer();
          })
          .then((bytes) => this.context.decodeAudioData(bytes));
        this.buffers.set(name, loading);
        loading.catch(() => this.buffers.delete(name));
      }
      return this.buffers.get(name);
    }

    /** Play clips back to back, scheduled on the audio clock so they join without gaps. */
    async _playClips(names) {
      const context = this._context();
      if (!context) return;
      const buffers = await Promise.all(names.map((name) => this._buffer(name)));
      let at = context.currentTime + 0.05;
      for (const buffer of buffers) {
        const source = context.createBufferSource();
        source.buffer = buffer;
        source.connect(context.destination);
        source.start(at);
        at += buffer.duration;
      }
      await sleep((at - context.currentTime) * 1000 + 50);
    }
  }

  window.HallAnnouncer = { Announcer, announcement, clipSequence };
})();
