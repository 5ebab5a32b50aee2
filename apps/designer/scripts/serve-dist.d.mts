export declare const DIST: string;
export declare function serveDist(options?: { apiUrl?: string; port?: number; dist?: string }): Promise<{ url: string; close(): Promise<void> }>;
