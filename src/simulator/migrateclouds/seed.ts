/**
 * The seeded file trees of the five connected services. Structure and names are fixed; ids, sizes and
 * timestamps come from the seed, so the same seed always gives the same trees. Google Drive also holds
 * `/Archive`: 10 year folders × 12 month folders × 41 files = 5,050 entries, for paging.
 */
import { between, derivedRandom, pick } from "../random.js";
import { childKey, folderMime, mimeFor, nodeId, type SimNode } from "./tree.js";
import { SERVICES, type Service } from "./wire.js";

/** A file name, or a folder: its name, its children and optionally the years its content is from. */
type Spec = string | { folder: string; children: Spec[]; window?: [number, number] };

const folder = (name: string, children: Spec[], window?: [number, number]): Spec => ({
  folder: name,
  children,
  ...(window ? { window } : {}),
});

const DEFAULT_WINDOW: [number, number] = [Date.UTC(2021, 0, 4), Date.UTC(2024, 5, 28)];
const DAY_MS = 86_400_000;

/** Size ranges in bytes by extension; sizes are drawn log-uniformly so most files are small. */
const SIZES: Record<string, [number, number]> = {
  docx: [12_000, 2_500_000],
  xlsx: [8_000, 6_000_000],
  pptx: [400_000, 45_000_000],
  pdf: [35_000, 9_000_000],
  jpg: [700_000, 7_000_000],
  heic: [900_000, 4_000_000],
  png: [40_000, 3_500_000],
  mp4: [15_000_000, 900_000_000],
  mov: [40_000_000, 1_400_000_000],
  txt: [120, 40_000],
  md: [300, 30_000],
  csv: [900, 25_000_000],
  zip: [1_000_000, 480_000_000],
  psd: [5_000_000, 210_000_000],
  svg: [2_000, 90_000],
  eml: [4_000, 600_000],
};

function sizeFor(name: string, random: () => number): number {
  const [min, max] = SIZES[(name.split(".").pop() ?? "").toLowerCase()] ?? [1_000, 1_000_000];
  return Math.round(min * Math.pow(max / min, random()));
}

function build(service: Service, random: () => number, spec: Spec, window: [number, number]): SimNode {
  if (typeof spec === "string") {
    const createdAt = between(random, window[0], window[1]);
    return {
      id: nodeId(service, random),
      name: spec,
      type: "file",
      mimeType: mimeFor(spec),
      size: sizeFor(spec, random),
      createdAt,
      modifiedAt: random() < 0.4 ? createdAt : createdAt + between(random, 60_000, 45 * DAY_MS),
      children: undefined,
    };
  }
  const inner = spec.window ?? window;
  const children = new Map<string, SimNode>();
  for (const child of spec.children) {
    const node = build(service, random, child, inner);
    children.set(childKey(node.name), node);
  }
  const times = [...children.values()];
  const createdAt = Math.min(inner[0] + between(random, 0, DAY_MS), ...times.map((c) => c.createdAt));
  return {
    id: nodeId(service, random),
    name: spec.folder,
    type: "folder",
    mimeType: folderMime(service),
    size: 0,
    createdAt,
    modifiedAt: Math.max(createdAt, ...times.map((c) => c.modifiedAt)),
    children,
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const VENDORS = [
  "Acme Corp",
  "Globex",
  "Initech",
  "Umbrella Ltd",
  "Northwind Traders",
  "Contoso",
  "Fabrikam",
  "Tailspin Toys",
  "Wide World Importers",
  "Litware",
];
const PEOPLE = [
  "A. Morgan",
  "J. Chen",
  "P. Okafor",
  "S. Lindqvist",
  "R. Alvarez",
  "M. Haddad",
  "K. Tanaka",
  "L. Dubois",
];

/** One month of a scanned-paperwork archive: 41 files whose names are unique by their number. */
function archiveMonth(year: number, month: number, random: () => number): Spec[] {
  const ym = `${year}-${pad(month)}`;
  const makers: Array<(n: number) => string> = [
    (n) => `Invoice INV-${year}${pad(month)}-${pad(n, 4)}.pdf`,
    (n) => `Receipt ${ym}-${pad(between(random, 1, 28))} #${pad(n, 4)}.pdf`,
    (n) => `Scan ${ym}-${pad(between(random, 1, 28))} ${pad(n, 4)}.pdf`,
    (n) => `Expense Report ${ym} - ${pick(random, PEOPLE)} (${n}).xlsx`,
    (n) => `Contract Renewal - ${pick(random, VENDORS)} ${pad(n, 3)}.docx`,
    (n) => `Photo ${ym}-${pad(between(random, 1, 28))} ${pad(between(random, 8, 20))}.${pad(n)}.jpg`,
    (n) => `Statement ${MONTHS[month - 1] ?? ""} ${year} - Account ${pad(n, 3)}.pdf`,
    (n) => `Meeting Minutes ${ym} No ${n}.docx`,
  ];
  return Array.from({ length: 41 }, (_, i) => pick(random, makers)(i + 1));
}

function archive(random: () => number): Spec {
  const years: Spec[] = [];
  for (let year = 2015; year <= 2024; year++) {
    const months: Spec[] = [];
    for (let month = 1; month <= 12; month++) {
      months.push(
        folder(pad(month), archiveMonth(year, month, random), [
          Date.UTC(year, month - 1, 1),
          Date.UTC(year, month, 1) - DAY_MS,
        ]),
      );
    }
    years.push(folder(String(year), months, [Date.UTC(year, 0, 1), Date.UTC(year, 11, 31)]));
  }
  return folder("Archive", years);
}

const photos = (prefix: string, count: number, extension = "jpg"): Spec[] =>
  Array.from({ length: count }, (_, i) => `${prefix}${pad(i + 1, 4)}.${extension}`);

function specs(random: () => number): Record<Service, () => Spec[]> {
  return {
    google_drive: () => [
      folder("Documents", [
        "Project Proposal.docx",
        "Budget 2024.xlsx",
        "Team Offsite Agenda.docx",
        "Vendor Contract - Northwind.pdf",
        folder("Marketing", [
          "Brand Guidelines 2023.pdf",
          "Campaign Calendar Q3.xlsx",
          "Launch Plan - Atlas.docx",
          folder("Social Assets", [
            "logo-dark.png",
            "logo-light.png",
            "banner-1200x630.png",
            "launch-teaser.mp4",
          ]),
        ]),
        folder("Meeting Notes", [
          "2023-05-02 Weekly Sync.docx",
          "2023-05-09 Weekly Sync.docx",
          "2023-05-16 Weekly Sync.docx",
          "2023-06-01 Quarterly Review.docx",
          "2023-06-14 Retrospective.docx",
        ]),
      ]),
      folder("Photos", [folder("2022", photos("IMG_", 18)), folder("2023", photos("IMG_2", 24, "heic"))]),
      folder("Shared", ["Board Deck Q2.pptx", "Hiring Plan.xlsx", "Customer List.csv"]),
      archive(random),
      "Getting Started.pdf",
      "Resume - Alex Morgan.docx",
    ],
    onedrive: () => [
      folder("Documents", [
        "Quarterly Report Q1.docx",
        "Quarterly Report Q2.docx",
        "Sales Pipeline.xlsx",
        "Onboarding Checklist.docx",
        folder("Projects", [
          folder("Atlas", ["Requirements.docx", "Architecture.pptx", "Risks.xlsx"]),
          folder("Borealis", ["Kickoff.pptx", "Timeline.xlsx"]),
        ]),
      ]),
      folder("Pictures", [
        folder("Camera Roll", photos("WIN_20230714_", 12)),
        folder("Screenshots", photos("Screenshot ", 8, "png")),
      ]),
      folder("Desktop", ["Notes.txt", "todo.txt", "Expenses March.xlsx"]),
      folder("Attachments", ["Invoice 10442.pdf", "Signed NDA.pdf", "Travel Itinerary.pdf"]),
    ],
    dropbox: () => [
      folder("Camera Uploads", [
        ...photos("2023-07-04 18.22.", 10),
        "2023-07-04 18.40.12.mov",
        "2023-08-19 09.15.03.mp4",
      ]),
      folder("Clients", [
        folder("Acme Corp", ["Statement of Work.pdf", "Invoice 2023-041.pdf", "Logo Concepts.psd"]),
        folder("Globex", ["Proposal v3.docx", "Estimate.xlsx"]),
        folder("Initech", ["Master Services Agreement.pdf", "Brand Refresh.zip"]),
      ]),
      folder("Apps", [folder("Notability", ["Lecture 1.pdf", "Lecture 2.pdf"])]),
      folder("Family", ["Recipes.docx", "Holiday Plans.md", "Passport Scan.pdf"]),
      "Get Started with Dropbox.pdf",
    ],
    box: () => [
      folder("Contracts", [
        "MSA - Contoso.pdf",
        "NDA - Fabrikam.pdf",
        "SOW 2024-01 - Tailspin.pdf",
        "Renewal Tracker.xlsx",
      ]),
      folder("HR", [
        folder("Policies", ["Employee Handbook 2024.pdf", "PTO Policy.docx", "Remote Work Policy.docx"]),
        folder("Benefits", ["Benefits Overview 2024.pdf", "Enrollment Form.pdf"]),
      ]),
      folder("Finance", [
        folder("FY2023", ["P&L FY2023.xlsx", "Balance Sheet FY2023.xlsx", "Audit Letter.pdf"]),
        folder("FY2024", ["Budget FY2024.xlsx", "Forecast Q3.xlsx"]),
      ]),
      folder("Legal", ["Trademark Filing.pdf", "Privacy Policy v4.docx"]),
    ],
    sharepoint: () => [
      folder("Shared Documents", [
        folder("General", ["Team Charter.docx", "Roadmap 2024.pptx", "Contact List.xlsx"]),
        folder("Projects", [
          folder("Atlas", ["Status Report W23.docx", "Budget Tracker.xlsx"]),
          folder("Borealis", ["Vendor Evaluation.xlsx", "Decision Log.docx"]),
        ]),
        folder("Policies", ["Information Security Policy.pdf", "Acceptable Use.pdf"]),
      ]),
      folder("Site Assets", ["header.png", "logo.svg", folder("SitePages", ["Home.png", "News.png"])]),
    ],
  };
}

/** The root folder of each service's tree. */
export function seedTrees(seed: number): Map<Service, SimNode> {
  const trees = new Map<Service, SimNode>();
  for (const service of SERVICES) {
    const random = derivedRandom(seed, "tree", service);
    const children = specs(derivedRandom(seed, "names", service))[service]();
    trees.set(service, build(service, random, folder("", children), DEFAULT_WINDOW));
  }
  return trees;
}
