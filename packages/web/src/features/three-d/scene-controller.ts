import * as THREE from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { MarkerStatus } from '../plans/marker-status';
import type { SceneTwinKind } from './scene-builder';
import { FrameCounter, floorVisible, roomColour, sensorVisible } from './view-rules';

/** What the debug overlay shows. */
export interface SceneStats {
  /** Frames drawn in the last second (the scene is drawn only when something changed). */
  readonly fps: number;
  /** CPU time of the last frame, ms. */
  readonly frameMs: number;
  readonly drawCalls: number;
  readonly triangles: number;
  /** Sensors shown of all (level of detail). */
  readonly sensorsShown: number;
  readonly sensors: number;
}

export interface SceneFloor {
  readonly level: number;
  readonly twinId: string;
  readonly name: string;
}

interface TwinMesh {
  readonly mesh: THREE.Mesh;
  readonly material: THREE.MeshLambertMaterial;
  readonly kind: SceneTwinKind;
  readonly level: number;
  readonly centre: THREE.Vector3;
  status: MarkerStatus;
}

const ROOM_BASE = '#e4e7eb';
const SELECTED = '#2563eb';
/** A click is a click when the pointer moved less than this between down and up (else it orbited). */
const CLICK_SLOP_PX = 5;
const FLIGHT_MS = 700;

/** Whether this browser can draw WebGL at all (a software renderer counts). */
export function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) !== null;
  } catch {
    return false;
  }
}

/**
 * The three.js side of the 3D view, outside React: loads the glTF scene, binds its meshes to twins
 * (`userData.twinId`, from the glTF `extras`), colours them by status, picks them on click, hides
 * far sensors and the floors above the cut, and draws only when something changed (an operator
 * screen left open all day should not burn a core on identical frames).
 */
export class ThreeDScene {
  readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(40, 1, 0.5, 2_000);
  private readonly controls: OrbitControls;
  private readonly raycaster = new THREE.Raycaster();
  private readonly twins = new Map<string, TwinMesh>();
  private readonly floors = new Map<number, { object: THREE.Object3D; info: SceneFloor }>();
  private readonly frames = new FrameCounter();
  private readonly resizeObserver: ResizeObserver;
  private readonly cleanups: (() => void)[] = [];
  private palette: Readonly<Record<MarkerStatus, string>>;
  private root: THREE.Object3D | undefined;
  private outline: THREE.BoxHelper | undefined;
  private selected: string | null = null;
  private cut: number | null = null;
  private raf = 0;
  private needsRender = true;
  private quietFrames = 0;
  private interacting = false;
  private lastFrameMs = 0;
  private flight:
    | { from: THREE.Vector3; to: THREE.Vector3; fromTarget: THREE.Vector3; toTarget: THREE.Vector3; startMs: number }
    | undefined;
  private disposed = false;

  constructor(
    private readonly container: HTMLElement,
    private readonly options: {
      readonly palette: Readonly<Record<MarkerStatus, string>>;
      readonly background: string;
      readonly onSelect: (twinId: string | null) => void;
      readonly onHover: (hover: { twinId: string; x: number; y: number } | null) => void;
    },
  ) {
    this.palette = options.palette;
    this.renderer = new THREE.WebGLRenderer({ antialias: true, powerPreference: 'high-performance' });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.renderer.shadowMap.enabled = false;
    this.renderer.setClearColor(options.background);
    const canvas = this.renderer.domElement;
    canvas.dataset.testid = 'three-d-canvas';
    canvas.style.display = 'block';
    canvas.style.width = '100%';
    canvas.style.height = '100%';
    canvas.style.touchAction = 'none';
    container.appendChild(canvas);

    this.scene.add(new THREE.HemisphereLight('#ffffff', '#7d8590', 1.9));
    const sun = new THREE.DirectionalLight('#ffffff', 1.6);
    sun.position.set(-40, 80, 60);
    this.scene.add(sun);

    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.enableDamping = true;
    this.controls.dampingFactor = 0.09;
    this.controls.maxPolarAngle = Math.PI * 0.48;
    this.controls.minDistance = 3;
    this.controls.maxDistance = 260;
    this.controls.screenSpacePanning = true;
    const onChange = () => this.invalidate();
    const onStart = () => {
      this.interacting = true;
      this.flight = undefined;
      this.invalidate();
    };
    const onEnd = () => {
      this.interacting = false;
    };
    this.controls.addEventListener('change', onChange);
    this.controls.addEventListener('start', onStart);
    this.controls.addEventListener('end', onEnd);
    this.cleanups.push(() => {
      this.controls.removeEventListener('change', onChange);
      this.controls.removeEventListener('start', onStart);
      this.controls.removeEventListener('end', onEnd);
    });

    this.listenForPicks(canvas);
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.resize();
  }

  /** Loads the scene; resolves with its floors (lowest first) and the twins it shows. */
  async load(url: string): Promise<{ floors: SceneFloor[]; twinIds: string[] }> {
    const gltf = await new GLTFLoader().loadAsync(url);
    if (this.disposed) {
      disposeObject(gltf.scene);
      throw new Error('disposed');
    }
    const root = gltf.scene;
    const replaced = new Set<THREE.Material>();
    root.updateMatrixWorld(true);
    root.traverse((object) => {
      const data = object.userData as { twinId?: string; kind?: SceneTwinKind; level?: number; name?: string };
      if (data.kind === 'floor' && data.twinId !== undefined && data.level !== undefined) {
        this.floors.set(data.level, {
          object,
          info: { level: data.level, twinId: data.twinId, name: data.name ?? data.twinId },
        });
      }
      if (!(object instanceof THREE.Mesh)) return;
      // Each mesh its own cheap material (Lambert: software rendering in CI, and no shadows):
      // a twin's colour changes without touching any other mesh.
      const original = object.material as THREE.MeshStandardMaterial;
      replaced.add(original);
      const material = new THREE.MeshLambertMaterial({ color: original.color.clone(), name: original.name });
      object.material = material;
      if (data.twinId === undefined || data.kind === undefined || data.kind === 'floor') return;
      const centre = new THREE.Box3().setFromObject(object).getCenter(new THREE.Vector3());
      this.twins.set(data.twinId, {
        mesh: object,
        material,
        kind: data.kind,
        level: levelOf(object),
        centre,
        status: 'unknown',
      });
      if (data.kind === 'room') material.color.set(ROOM_BASE);
      else this.paintTwin(data.twinId);
    });
    for (const material of replaced) material.dispose();
    this.root = root;
    this.scene.add(root);
    this.frameAll();
    this.invalidate();
    return {
      floors: [...this.floors.values()].map((floor) => floor.info).sort((a, b) => a.level - b.level),
      twinIds: [...this.twins.keys()],
    };
  }

  /** Frames the whole site: from the south-west, looking down at about 50°. */
  frameAll(): void {
    if (this.root === undefined) return;
    const box = new THREE.Box3().setFromObject(this.root);
    const centre = box.getCenter(new THREE.Vector3());
    const size = box.getSize(new THREE.Vector3());
    const radius = Math.max(size.x, size.z) * 0.5;
    const distance = (radius / Math.tan(THREE.MathUtils.degToRad(this.camera.fov / 2))) * 0.95;
    centre.y = box.min.y + size.y * 0.3;
    this.controls.target.copy(centre);
    this.camera.position.copy(centre).add(new THREE.Vector3(-0.28, 0.82, 0.78).normalize().multiplyScalar(distance));
    this.camera.near = 0.5;
    this.camera.far = distance * 10;
    this.camera.updateProjectionMatrix();
    this.controls.update();
    this.invalidate();
  }

  /** Flies the camera to a twin (keeping the direction it looks from). */
  flyTo(twinId: string): void {
    const twin = this.twins.get(twinId);
    if (twin === undefined) return;
    const offset = this.camera.position.clone().sub(this.controls.target);
    const distance = twin.kind === 'room' ? 40 : 26;
    offset.setLength(distance);
    this.flight = {
      from: this.camera.position.clone(),
      to: twin.centre.clone().add(offset),
      fromTarget: this.controls.target.clone(),
      toTarget: twin.centre.clone(),
      startMs: performance.now(),
    };
    this.invalidate();
  }

  levelOf(twinId: string): number | undefined {
    return this.twins.get(twinId)?.level;
  }

  setPalette(palette: Readonly<Record<MarkerStatus, string>>): void {
    this.palette = palette;
    for (const twinId of this.twins.keys()) this.paintTwin(twinId);
  }

  /** New statuses of some twins: only their materials change. */
  setStatuses(changes: ReadonlyMap<string, MarkerStatus>): void {
    for (const [twinId, status] of changes) {
      const twin = this.twins.get(twinId);
      if (twin === undefined || twin.status === status) continue;
      twin.status = status;
      this.paintTwin(twinId);
    }
  }

  setSelected(twinId: string | null): void {
    const previous = this.selected;
    this.selected = twinId;
    if (previous !== null) this.paintTwin(previous);
    if (this.outline !== undefined) {
      this.scene.remove(this.outline);
      this.outline.geometry.dispose();
      (this.outline.material as THREE.Material).dispose();
      this.outline = undefined;
    }
    const twin = twinId === null ? undefined : this.twins.get(twinId);
    if (twin !== undefined && twinId !== null) {
      this.paintTwin(twinId);
      this.outline = new THREE.BoxHelper(twin.mesh, SELECTED);
      this.scene.add(this.outline);
    }
    this.invalidate();
  }

  /** Shows the floors up to `level` (null: all), as if the ones above were lifted off. */
  setCut(level: number | null): void {
    this.cut = level;
    for (const [floorLevel, floor] of this.floors) floor.object.visible = floorVisible(floorLevel, level);
    this.invalidate();
  }

  stats(): SceneStats {
    const sensors = [...this.twins.values()].filter((twin) => twin.kind === 'sensor');
    return {
      fps: this.frames.perSecond(performance.now()),
      frameMs: this.lastFrameMs,
      drawCalls: this.renderer.info.render.calls,
      triangles: this.renderer.info.render.triangles,
      sensorsShown: sensors.filter((twin) => twin.mesh.visible && floorVisible(twin.level, this.cut)).length,
      sensors: sensors.length,
    };
  }

  /** Where a twin's centre is on the canvas, in CSS pixels from its top-left (tests, tooltips). */
  screenPosition(twinId: string): { x: number; y: number } | undefined {
    const twin = this.twins.get(twinId);
    if (twin === undefined) return undefined;
    const ndc = twin.centre.clone().project(this.camera);
    const rect = this.renderer.domElement.getBoundingClientRect();
    return { x: ((ndc.x + 1) / 2) * rect.width, y: ((1 - ndc.y) / 2) * rect.height };
  }

  /** Draws on the next animation frame (and keeps going while the camera glides). */
  invalidate(): void {
    this.needsRender = true;
    this.quietFrames = 0;
    if (this.raf === 0 && !this.disposed) this.raf = requestAnimationFrame(() => this.frame());
  }

  dispose(): void {
    this.disposed = true;
    cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.resizeObserver.disconnect();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.controls.dispose();
    if (this.outline !== undefined) {
      this.outline.geometry.dispose();
      (this.outline.material as THREE.Material).dispose();
    }
    disposeObject(this.scene);
    this.twins.clear();
    this.floors.clear();
    this.renderer.dispose();
    this.renderer.forceContextLoss();
    this.renderer.domElement.remove();
  }

  private frame(): void {
    this.raf = 0;
    const now = performance.now();
    if (this.flight !== undefined) {
      const t = Math.min(1, (now - this.flight.startMs) / FLIGHT_MS);
      const ease = 1 - (1 - t) ** 3;
      this.camera.position.lerpVectors(this.flight.from, this.flight.to, ease);
      this.controls.target.lerpVectors(this.flight.fromTarget, this.flight.toTarget, ease);
      if (t >= 1) this.flight = undefined;
      this.needsRender = true;
    }
    // Damping: update() moves the camera a little further after a drag, and says so ('change').
    this.controls.update();
    if (this.needsRender) {
      this.needsRender = false;
      this.quietFrames = 0;
      this.updateLevelOfDetail();
      this.renderer.render(this.scene, this.camera);
      this.frames.frame(now);
      this.lastFrameMs = performance.now() - now;
    } else {
      this.quietFrames++;
    }
    // A few more frames after the last change (damping can still be settling), then sleep.
    if (this.interacting || this.flight !== undefined || this.quietFrames < 20) {
      this.raf = requestAnimationFrame(() => this.frame());
    }
  }

  private updateLevelOfDetail(): void {
    const camera = this.camera.position;
    for (const [twinId, twin] of this.twins) {
      if (twin.kind !== 'sensor') continue;
      twin.mesh.visible = sensorVisible(camera.distanceTo(twin.centre), twin.status, twinId === this.selected);
    }
  }

  private paintTwin(twinId: string): void {
    const twin = this.twins.get(twinId);
    if (twin === undefined) return;
    const colour = twin.kind === 'room' ? roomColour(twin.status, this.palette, ROOM_BASE) : this.palette[twin.status];
    twin.material.color.set(colour);
    // Twins glow a little in their colour (readable from any side), the selected one more (its
    // outline marks it). A selected room is tinted blue: its status is shown by its sensors.
    const selected = twinId === this.selected;
    if (twin.kind === 'room') {
      if (selected) twin.material.emissive.set(SELECTED).multiplyScalar(0.3);
      else twin.material.emissive.setRGB(0, 0, 0);
    } else twin.material.emissive.set(colour).multiplyScalar(selected ? 0.4 : 0.22);
    this.invalidate();
  }

  private pick(event: PointerEvent): { twinId: string | null; hitSomething: boolean } {
    const rect = this.renderer.domElement.getBoundingClientRect();
    const pointer = new THREE.Vector2(
      ((event.clientX - rect.left) / rect.width) * 2 - 1,
      -((event.clientY - rect.top) / rect.height) * 2 + 1,
    );
    this.raycaster.setFromCamera(pointer, this.camera);
    if (this.root === undefined) return { twinId: null, hitSomething: false };
    for (const hit of this.raycaster.intersectObject(this.root, true)) {
      if (!shown(hit.object)) continue;
      const twinId = (hit.object.userData as { twinId?: string }).twinId;
      return { twinId: twinId ?? null, hitSomething: true };
    }
    return { twinId: null, hitSomething: false };
  }

  private listenForPicks(canvas: HTMLCanvasElement): void {
    let down: { x: number; y: number } | undefined;
    let hoverFrame = 0;
    const onDown = (event: PointerEvent) => {
      down = event.button === 0 ? { x: event.clientX, y: event.clientY } : undefined;
    };
    const onUp = (event: PointerEvent) => {
      if (down === undefined || Math.hypot(event.clientX - down.x, event.clientY - down.y) > CLICK_SLOP_PX) return;
      down = undefined;
      const { twinId, hitSomething } = this.pick(event);
      // A twin selects it; empty space (no building under the pointer) clears the selection.
      if (twinId !== null) this.options.onSelect(twinId);
      else if (!hitSomething) this.options.onSelect(null);
    };
    const onMove = (event: PointerEvent) => {
      if (event.buttons !== 0 || hoverFrame !== 0) return;
      hoverFrame = requestAnimationFrame(() => {
        hoverFrame = 0;
        const { twinId } = this.pick(event);
        canvas.style.cursor = twinId === null ? '' : 'pointer';
        const rect = canvas.getBoundingClientRect();
        this.options.onHover(
          twinId === null ? null : { twinId, x: event.clientX - rect.left, y: event.clientY - rect.top },
        );
      });
    };
    const onLeave = () => this.options.onHover(null);
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointerup', onUp);
    canvas.addEventListener('pointermove', onMove);
    canvas.addEventListener('pointerleave', onLeave);
    this.cleanups.push(() => {
      cancelAnimationFrame(hoverFrame);
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointerup', onUp);
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerleave', onLeave);
    });
  }

  private resize(): void {
    const width = Math.max(1, this.container.clientWidth);
    const height = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.invalidate();
  }
}

/** The level of the floor an object is on (its nearest ancestor with `userData.level`). */
function levelOf(object: THREE.Object3D): number {
  for (let at: THREE.Object3D | null = object; at !== null; at = at.parent) {
    const level = (at.userData as { level?: number }).level;
    if (level !== undefined) return level;
  }
  return 0;
}

/** Whether an object and all its ancestors are visible. */
function shown(object: THREE.Object3D): boolean {
  for (let at: THREE.Object3D | null = object; at !== null; at = at.parent) if (!at.visible) return false;
  return true;
}

function disposeObject(root: THREE.Object3D): void {
  root.traverse((object) => {
    if (object instanceof THREE.Mesh || object instanceof THREE.LineSegments) {
      (object.geometry as THREE.BufferGeometry).dispose();
      const materials: THREE.Material[] = Array.isArray(object.material) ? object.material : [object.material];
      for (const material of materials) material.dispose();
    }
  });
}
