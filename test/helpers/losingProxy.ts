/**
 * A loopback HTTP proxy in front of moto that loses one answer: the first request matching `lose`
 * reaches moto (which acts on it), but the client gets an HTTP 500 instead of moto's answer — a
 * response lost on the way back, which the AWS SDK retries. Every other request passes through
 * unchanged (headers included, so signatures still verify). `see` is shown every request with its
 * body as sent (a recording proxy loses nothing: `lose` is `() => false`).
 */
import * as http from "http";
import { AddressInfo } from "net";

export class LosingProxy {
    /** How many answers were lost so far. */
    public lost = 0;

    private constructor(private readonly server: http.Server, public readonly endpoint: string) {}

    static async start(target: string, lose: (req: http.IncomingMessage) => boolean, see?: (req: http.IncomingMessage, body: Buffer) => void): Promise<LosingProxy> {
        const upstream = new URL(target);
        let proxy: LosingProxy | undefined;
        const server = http.createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on("data", (c) => chunks.push(c));
            req.on("end", () => {
                see?.(req, Buffer.concat(chunks));
                const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
                    const body: Buffer[] = [];
                    answer.on("data", (c) => body.push(c));
                    answer.on("end", () => {
                        if (proxy && proxy.lost === 0 && lose(req)) {
                            proxy.lost++;
                            res.writeHead(500, { "content-type": "application/json", "x-amzn-errortype": "InternalServerException" });
                            res.end(JSON.stringify({ message: "the answer was lost on the way back" }));
                            return;
                        }
                        res.writeHead(answer.statusCode ?? 502, answer.headers);
                        res.end(Buffer.concat(body));
                    });
                });
                forward.on("error", (err) => {
                    res.writeHead(502);
                    res.end(String(err));
                });
                forward.end(Buffer.concat(chunks));
            });
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        proxy = new LosingProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
        return proxy;
    }

    async stop(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
}
