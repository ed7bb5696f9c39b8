/**
 * The 16 connection platforms, as the CloudM Migrate guide and the public facts file state them: the
 * label and endpoint segment of the guide's table, which platforms can be a destination, and the
 * settings fields each connection takes. Facts only, no guesses of ours, so both the client and the
 * simulator may read them; this folder imports nothing of src/.
 */

export interface PlatformInfo {
  /** The endpoint segment without `Connections`: the key tools, URIs and state use. */
  readonly key: PlatformKey;
  readonly label: string;
  /** Path segment after `/api/`, exactly as the guide's table writes it. */
  readonly endpoint: string;
  readonly canBeDestination: boolean;
  /** Settings fields a connection must carry. */
  readonly requiredSettings: readonly string[];
  /** Further fields the platform knows about (facts file), accepted but not required. */
  readonly optionalSettings: readonly string[];
}

export const PLATFORM_KEYS = [
  "Microsoft365",
  "Microsoft365OnlineArchive",
  "GoogleWorkspace",
  "GoogleVault",
  "GoogleTakeout",
  "Exchange",
  "HostedMicrosoftExchange",
  "SharePoint",
  "Box",
  "Dropbox",
  "AmazonStorage",
  "AzureStorage",
  "FileSystem",
  "IMAP",
  "PstArchive",
  "Zimbra",
] as const;

export type PlatformKey = (typeof PLATFORM_KEYS)[number];

const microsoft365Settings = {
  requiredSettings: ["domainName", "adminName", "adminPassword"],
  optionalSettings: [
    "testUserName",
    "office365PlanOption",
    "azureEnvironment",
    "sharePointAdminUrl",
    "microsoftGraphClientId",
    "microsoftGraphClientSecret",
    "credentialMethod",
  ],
};

const googleSettings = {
  requiredSettings: ["domainName", "adminUsername", "serviceAccountEmailAddress", "key"],
  optionalSettings: ["testUsername", "googleAuthenticationMethod"],
};

const platformList: readonly PlatformInfo[] = [
  {
    key: "Microsoft365",
    label: "Microsoft 365",
    endpoint: "Microsoft365Connections",
    canBeDestination: true,
    ...microsoft365Settings,
  },
  {
    key: "Microsoft365OnlineArchive",
    label: "Microsoft 365 Online Archive",
    endpoint: "Microsoft365OnlineArchiveConnections",
    canBeDestination: true,
    ...microsoft365Settings,
  },
  {
    key: "GoogleWorkspace",
    label: "Google Workspace",
    endpoint: "GoogleWorkspaceConnections",
    canBeDestination: true,
    ...googleSettings,
  },
  {
    key: "GoogleVault",
    label: "Google Vault",
    endpoint: "GoogleVaultConnections",
    canBeDestination: true,
    ...googleSettings,
  },
  {
    key: "GoogleTakeout",
    label: "Google Takeout",
    endpoint: "GoogleTakeoutConnections",
    canBeDestination: false,
    requiredSettings: ["domainName", "serviceAccountEmail", "key", "bucketName"],
    optionalSettings: ["takeoutPrefix"],
  },
  {
    key: "Exchange",
    label: "Exchange (on-premises)",
    endpoint: "ExchangeConnections",
    canBeDestination: true,
    requiredSettings: ["selectedExchangeVersion", "domainName", "adminName", "adminPassword"],
    optionalSettings: ["autoDiscoveryUrl", "testUserName"],
  },
  {
    key: "HostedMicrosoftExchange",
    label: "Hosted Microsoft Exchange",
    endpoint: "HostedMicrosoftExchangeConnections",
    canBeDestination: false,
    requiredSettings: ["provider", "domainName", "adminName", "adminPassword"],
    optionalSettings: ["platform", "testUserName"],
  },
  {
    key: "SharePoint",
    label: "SharePoint (on-premises)",
    endpoint: "SharePointConnections",
    canBeDestination: false,
    requiredSettings: ["version", "adminName", "adminPassword", "domainName", "teamSiteUrl"],
    optionalSettings: ["mySiteUrl", "centralAdministrationUrl", "testUserName"],
  },
  {
    key: "Box",
    label: "Box",
    endpoint: "BoxConnections",
    canBeDestination: false,
    requiredSettings: ["clientId", "clientSecret", "adminEmail"],
    optionalSettings: ["authorisationCode", "jwtConfiguration", "testUserName"],
  },
  {
    key: "Dropbox",
    label: "Dropbox",
    endpoint: "DropboxConnections",
    canBeDestination: false,
    requiredSettings: ["authorisationCode", "adminEmail"],
    optionalSettings: ["testUserName", "teamFolderOwner"],
  },
  {
    key: "AmazonStorage",
    label: "Amazon S3",
    endpoint: "AmazonStorageConnections",
    canBeDestination: true,
    requiredSettings: ["domainName", "accessKey", "secretKey", "bucketName", "bucketRegion"],
    optionalSettings: [],
  },
  {
    key: "AzureStorage",
    label: "Azure Storage",
    endpoint: "AzureStorageConnections",
    canBeDestination: true,
    requiredSettings: ["domainName", "accountName", "accountKey", "containerName"],
    optionalSettings: [],
  },
  {
    key: "FileSystem",
    label: "File System",
    endpoint: "FileSystemConnections",
    canBeDestination: false,
    requiredSettings: ["documentsTopLevelFolder"],
    optionalSettings: ["sharingOptions"],
  },
  {
    key: "IMAP",
    label: "IMAP",
    endpoint: "IMAPConnections",
    canBeDestination: false,
    requiredSettings: ["serverAddress", "port", "adminName", "adminPassword"],
    optionalSettings: ["startTls", "authenticationType"],
  },
  {
    key: "PstArchive",
    label: "PST Archive",
    endpoint: "PstArchiveConnections",
    canBeDestination: false,
    requiredSettings: ["pstArchiveLabel"],
    optionalSettings: ["pstArchiveNaming"],
  },
  {
    key: "Zimbra",
    label: "Zimbra",
    endpoint: "ZimbraConnections",
    canBeDestination: false,
    requiredSettings: ["serverAddress", "adminName", "adminPassword", "domain"],
    optionalSettings: ["restPort", "soapPort", "testUserName"],
  },
];

export const PLATFORMS: ReadonlyMap<PlatformKey, PlatformInfo> = new Map(platformList.map((p) => [p.key, p]));

export function platformInfo(key: PlatformKey): PlatformInfo {
  const info = PLATFORMS.get(key);
  if (!info) throw new Error(`unknown platform ${key}`);
  return info;
}
