import { type Socket, connect } from 'node:net';

/** A minimal line-oriented TCP client for the TCP agent and SMTP tests. */
export class LineClient {
  private buffered = '';
  private readonly lines: string[] = [];
  private waiting?: () => void;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffered += chunk;
      let i: number;
      while ((i = this.buffered.indexOf('\n')) >= 0) {
        this.lines.push(this.buffered.slice(0, i).replace(/\r$/, ''));
        this.buffered = this.buffered.slice(i + 1);
      }
      this.waiting?.();
    });
  }

  static open(port: number, host = '127.0.0.1'): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => resolve(new LineClient(socket)));
      socket.once('error', reject);
    });
  }

  write(text: string): void {
    this.socket.write(text);
  }

  async readLine(): Promise<string> {
    while (this.lines.length === 0) {
      if (this.socket.destroyed || this.socket.readableEnded) throw new Error('the connection closed');
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        this.socket.once('close', resolve);
      });
    }
    return this.lines.shift()!;
  }

  /** Reads one SMTP reply (possibly multi-line: "250-..." continued by "250 ..."). */
  async readReply(): Promise<{ code: number; text: string }> {
    const parts: string[] = [];
    for (;;) {
      const line = await this.readLine();
      parts.push(line.slice(4));
      if (line[3] !== '-') return { code: Number(line.slice(0, 3)), text: parts.join('\n') };
    }
  }

  close(): void {
    this.socket.end();
  }
}
