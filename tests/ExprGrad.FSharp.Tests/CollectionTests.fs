/// F#'s collection functions, comprehensions, slices and tuples in quotations: each quotation is compiled once
/// and called with vectors of 1 to 6 elements, against central differences of the same code run as F#.
module ExprGrad.FSharp.Tests.CollectionTests

open Xunit
open FsCheck.FSharp
open FsCheck.Xunit
open ExprGrad
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

/// One construct: the quotation and the very same code as an F# function (the oracle's input).
type Case =
    { Name: string
      Gradient: float[] -> float[]
      Function: float[] -> float }
    override c.ToString() = c.Name

/// A case: the quotation's gradient, compiled once, and the same code as F#.
let case name (q: Quotations.Expr<float[] -> float>) (f: float[] -> float) =
    { Name = name; Gradient = grad q; Function = f }

let private cases =
    [ case "Array.map |> Array.sum" <@ fun w -> w |> Array.map (fun v -> v * sin v) |> Array.sum @> (fun w -> w |> Array.map (fun v -> v * sin v) |> Array.sum)
      case "Array.sum <| Array.map" <@ fun w -> Array.sum <| Array.map (fun v -> exp (0.5 * v)) w @> (fun w -> Array.sum <| Array.map (fun v -> exp (0.5 * v)) w)
      case "Array.sumBy over [|0 .. n-1|]" <@ fun w -> [| 0 .. w.Length - 1 |] |> Array.sumBy (fun i -> float (i + 1) * w[i] * w[i]) @>
          (fun w -> [| 0 .. w.Length - 1 |] |> Array.sumBy (fun i -> float (i + 1) * w[i] * w[i]))
      case "Seq.sumBy over seq { 0 .. n-1 }" <@ fun w -> Seq.sumBy (fun i -> w[i] * w[(i + 1) % w.Length]) (seq { 0 .. w.Length - 1 }) @>
          (fun w -> Seq.sumBy (fun i -> w[i] * w[(i + 1) % w.Length]) (seq { 0 .. w.Length - 1 }))
      case "Seq.sum of an array" <@ fun w -> Seq.sum w * Seq.sum w @> (fun w -> Seq.sum w * Seq.sum w)
      case "List.sumBy over [0 .. n-1] and List.sum of a literal" <@ fun w -> List.sumBy (fun i -> w[i] * w[i]) [ 0 .. w.Length - 1 ] + List.sum [ w[0]; 2.0 * w[0] * w[0] ] @>
          (fun w -> List.sumBy (fun i -> w[i] * w[i]) [ 0 .. w.Length - 1 ] + List.sum [ w[0]; 2.0 * w[0] * w[0] ])
      case "List.fold over List.ofArray, List.map" <@ fun w -> List.fold (fun acc v -> acc * 0.5 + v) 1.0 (List.ofArray w) + (List.map sin (List.ofArray w) |> List.sum) @>
          (fun w -> List.fold (fun acc v -> acc * 0.5 + v) 1.0 (List.ofArray w) + (List.map sin (List.ofArray w) |> List.sum))
      case "for v in a list, a sequence, a map" <@ fun w ->
                                                      let mutable s = 0.0
                                                      for v in List.ofArray w do s <- s * 0.5 + v
                                                      for i in seq { 0 .. w.Length - 1 } do s <- s + w[i] * float i
                                                      for v in Array.map exp w do s <- s + v
                                                      s @>
          (fun w ->
              let mutable s = 0.0
              for v in List.ofArray w do s <- s * 0.5 + v
              for i in seq { 0 .. w.Length - 1 } do s <- s + w[i] * float i
              for v in Array.map exp w do s <- s + v
              s)
      case "for v in a list the loop changes" <@ fun w -> let mutable s = w[0] in (for v in [ s; s + 1.0 ] do s <- s * v); s @>
          (fun w -> let mutable s = w[0] in (for v in [ s; s + 1.0 ] do s <- s * v); s)
      case "Array.fold" <@ fun w -> Array.fold (fun acc v -> acc * 0.5 + v * v) 1.0 w @> (fun w -> Array.fold (fun acc v -> acc * 0.5 + v * v) 1.0 w)
      case "Array.fold with a tuple state" <@ fun w -> let (a, b) = Array.fold (fun (a, b) v -> (a + v, b + v * v)) (0.0, 0.0) w in a * a - b @>
          (fun w -> let (a, b) = Array.fold (fun (a, b) v -> (a + v, b + v * v)) (0.0, 0.0) w in a * a - b)
      case "Array.fold2" <@ fun w -> Array.fold2 (fun acc a b -> acc * a + b) 0.5 w (Array.map cos w) @>
          (fun w -> Array.fold2 (fun acc a b -> acc * a + b) 0.5 w (Array.map cos w))
      case "Array.zip |> Array.sumBy over pairs" <@ fun w -> Array.zip w (Array.map cos w) |> Array.sumBy (fun (a, b) -> a * b) @>
          (fun w -> Array.zip w (Array.map cos w) |> Array.sumBy (fun (a, b) -> a * b))
      case "Array.map2" <@ fun w -> Array.map2 (fun a b -> a * b) w (Array.map exp w) |> Array.sum @> (fun w -> Array.map2 (fun a b -> a * b) w (Array.map exp w) |> Array.sum)
      case "Array.mapi" <@ fun w -> Array.mapi (fun i v -> float i * v * v) w |> Array.sum @> (fun w -> Array.mapi (fun i v -> float i * v * v) w |> Array.sum)
      case "Array.init" <@ fun w -> Array.init w.Length (fun i -> w[w.Length - 1 - i] * float i) |> Array.sum @>
          (fun w -> Array.init w.Length (fun i -> w[w.Length - 1 - i] * float i) |> Array.sum)
      case "Array.pairwise" <@ fun w -> w |> Array.pairwise |> Array.sumBy (fun (a, b) -> (b - a) * (b - a)) @>
          (fun w -> w |> Array.pairwise |> Array.sumBy (fun (a, b) -> (b - a) * (b - a)))
      case "Array.average and averageBy" <@ fun w -> Array.average w * Array.averageBy (fun v -> v * v) w @>
          (fun w -> Array.average w * Array.averageBy (fun v -> v * v) w)
      case "[| for v in w -> … |] used twice" <@ fun w -> let y = [| for v in w -> v * v |] in Array.sum y * y[0] @>
          (fun w -> let y = [| for v in w -> v * v |] in Array.sum y * y[0])
      case "[| for i in 0 .. n-1 -> … |]" <@ fun w -> Array.sum [| for i in 0 .. w.Length - 1 -> w[i] * float i |] @>
          (fun w -> Array.sum [| for i in 0 .. w.Length - 1 -> w[i] * float i |])
      case "slices w[1..], w[..1], w[1..2]" <@ fun w -> Array.sum w[1..] + 2.0 * Array.sum w[..1] + (w[1..2] |> Array.sumBy (fun v -> v * v)) @>
          (fun w -> Array.sum w[1..] + 2.0 * Array.sum w[..1] + (w[1..2] |> Array.sumBy (fun v -> v * v)))
      case "a map inside a loop" <@ fun w -> let mutable s = 0.0 in (for k in 1 .. 2 do s <- s + Array.sum (Array.map (fun v -> v * float k) w) * s + 1.0); s @>
          (fun w -> let mutable s = 0.0 in (for k in 1 .. 2 do s <- s + Array.sum (Array.map (fun v -> v * float k) w) * s + 1.0); s)
      case "a tuple returned by an inner function" <@ fun w -> let f v = (v * v, sin v) in Array.sumBy (fun v -> let (a, b) = f v in a * b) w @>
          (fun w -> let f v = (v * v, sin v) in Array.sumBy (fun v -> let (a, b) = f v in a * b) w)
      case "a tuple let in a loop body" <@ fun w -> let mutable s = 0.0 in (for i in 0 .. w.Length - 1 do let (a, b) = (w[i] * 2.0, w[i] + 1.0) in s <- s + a * b); s @>
          (fun w -> let mutable s = 0.0 in (for i in 0 .. w.Length - 1 do let (a, b) = (w[i] * 2.0, w[i] + 1.0) in s <- s + a * b); s)
      case "two local arrays bound by one let" <@ fun w ->
                                                     let xs, ys = Array.zeroCreate w.Length, Array.zeroCreate w.Length
                                                     for i in 0 .. w.Length - 1 do
                                                         xs[i] <- w[i]
                                                         ys[i] <- w[i] * w[i]
                                                     Array.sum xs * Array.sum ys @>
          (fun w ->
              let xs, ys = Array.zeroCreate w.Length, Array.zeroCreate w.Length
              for i in 0 .. w.Length - 1 do
                  xs[i] <- w[i]
                  ys[i] <- w[i] * w[i]
              Array.sum xs * Array.sum ys)
      case "Array.rev, List.rev, rev of a map" <@ fun w -> (Array.rev w |> Array.mapi (fun i v -> float (i + 1) * v * v) |> Array.sum) + List.sum (List.rev [ w[0]; 2.0 * w[0] ]) + (Array.rev (Array.map sin w))[0] @>
          (fun w -> (Array.rev w |> Array.mapi (fun i v -> float (i + 1) * v * v) |> Array.sum) + List.sum (List.rev [ w[0]; 2.0 * w[0] ]) + (Array.rev (Array.map sin w))[0])
      case "Array.iter and iteri writing a local array" <@ fun w ->
                                                              let y = Array.zeroCreate w.Length
                                                              Array.iteri (fun i v -> y[i] <- v * v * float (i + 1)) w
                                                              Array.iter (fun i -> y[i] <- y[i] * sin w[i]) [| 0 .. w.Length - 1 |]
                                                              Array.sum y @>
          (fun w ->
              let y = Array.zeroCreate w.Length
              Array.iteri (fun i v -> y[i] <- v * v * float (i + 1)) w
              Array.iter (fun i -> y[i] <- y[i] * sin w[i]) [| 0 .. w.Length - 1 |]
              Array.sum y)
      case "a tuple in a let mutable, assigned whole and read whole" <@ fun w ->
                                                                          let mutable p = (w[0], 1.0)
                                                                          for i in 0 .. w.Length - 1 do
                                                                              p <- (snd p * w[i] + fst p, fst p * 0.5)
                                                                          let f (a, b) = a * b + a
                                                                          f p @>
          (fun w ->
              let mutable p = (w[0], 1.0)
              for i in 0 .. w.Length - 1 do
                  p <- (snd p * w[i] + fst p, fst p * 0.5)
              let f (a, b) = a * b + a
              f p)
      case "Array.iter assigning a mutable" <@ fun w -> let mutable s = 0.0 in Array.iter (fun v -> s <- s * 0.5 + v * v) w; s @>
          (fun w -> let mutable s = 0.0 in (for v in w do s <- s * 0.5 + v * v); s)
      case "Array.iter over a map the body changes" <@ fun w ->
                                                          let z = Array.zeroCreate w.Length
                                                          for i in 0 .. w.Length - 1 do z[i] <- w[i]
                                                          Array.iteri (fun i v -> z[(i + 1) % w.Length] <- z[(i + 1) % w.Length] * v + v) (Array.map (fun v -> 2.0 * v) z)
                                                          Array.sum z @>
          (fun w ->
              let z = Array.zeroCreate w.Length
              for i in 0 .. w.Length - 1 do z[i] <- w[i]
              Array.iteri (fun i v -> z[(i + 1) % w.Length] <- z[(i + 1) % w.Length] * v + v) (Array.map (fun v -> 2.0 * v) z)
              Array.sum z)
      case "Seq.map and List.map bound whole, read whole" <@ fun w ->
                                                               let ys = Seq.map sin w
                                                               let zs = List.map (fun v -> v * v) (List.ofArray w)
                                                               let mutable s = 0.0
                                                               for y in ys do s <- s + y * List.sum zs
                                                               s + Seq.head ys * zs.Head @>
          (fun w ->
              let ys = Seq.map sin w
              let zs = List.map (fun v -> v * v) (List.ofArray w)
              let mutable s = 0.0
              for y in ys do s <- s + y * List.sum zs
              s + Seq.head ys * zs.Head) ]

type private Cases =
    static member Case() = Gen.elements cases |> Arb.fromGen

[<Property(MaxTest = 400, Replay = "(20261128,11)", Arbitrary = [| typeof<VectorGenerators>; typeof<Cases> |])>]
let ``every collection construct matches central differences at every length`` (case: Case) (Vector w) =
    assertClose $"{case.Name} at %A{w}" (numericGradient case.Function w) (case.Gradient w)

let private extremes = grad <@ fun (w: float[]) -> Array.max w - 2.0 * Array.min w @>

[<Property(MaxTest = 100, Replay = "(20261128,13)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``Array.max and Array.min send the gradient to their element`` (Vector w) =
    // Without ties, ∂max/∂wᵢ is 1 at the largest element and 0 elsewhere; likewise min at the smallest.
    if Array.distinct w |> Array.length = w.Length then
        let top, bottom = Array.findIndex ((=) (Array.max w)) w, Array.findIndex ((=) (Array.min w)) w
        let expected = Array.init w.Length (fun i -> (if i = top then 1.0 else 0.0) - (if i = bottom then 2.0 else 0.0))
        assertClose $"at %A{w}" expected (extremes w)

[<Fact>]
let ``one gradient of Array.map and sumBy serves lengths 1, 3 and 7`` () =
    let g = grad <@ fun (w: float[]) -> w |> Array.map (fun v -> v * v) |> Array.sumBy (fun v -> 3.0 * v) @>
    // Σ 3wᵢ²: 6wᵢ.
    for n in [ 1; 3; 7 ] do
        let w = Array.init n (fun i -> float i - 1.5)
        Assert.Equal<float[]>(Array.map (fun v -> 6.0 * v) w, g w)

let private seqMap = jacobian <@ fun (w: float[]) -> Seq.map (fun v -> v * sin v) w @>
let private listMap = jacobian <@ fun (w: float list) -> List.map (fun v -> exp (0.5 * v)) w @>

[<Property(MaxTest = 100, Replay = "(20261128,61)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``Seq.map and List.map returned whole: the Jacobian by central differences`` (Vector w) =
    // Row i is the gradient of output i, each by central differences of the same map run as F#.
    let numeric (f: float[] -> float[]) = Array.init w.Length (fun i -> numericGradient (fun x -> (f x)[i]) w) |> Array.concat
    assertClose $"Seq.map at %A{w}" (numeric (Seq.map (fun v -> v * sin v) >> Array.ofSeq)) (Array.concat (rows (seqMap w)))
    assertClose $"List.map at %A{w}" (numeric (List.ofArray >> List.map (fun v -> exp (0.5 * v)) >> Array.ofList)) (Array.concat (rows (listMap (List.ofArray w))))

[<Fact>]
let ``Array.map returned whole has a diagonal Jacobian`` () =
    let j = jacobian <@ fun (w: float[]) -> Array.map (fun v -> v * v) w @> [| 1.0; -2.0; 0.5 |]
    // ∂(wᵢ²)/∂wⱼ = 2wᵢ when i = j.
    Assert.Equal<float[]>([| 2.0; 0.0; 0.0; 0.0; -4.0; 0.0; 0.0; 0.0; 1.0 |], Array.concat (rows j))

[<Fact>]
let ``Array2D.map`` () =
    let g = grad <@ fun (m: float[,]) -> Ops.Sum(Array2D.map (fun v -> v * v * v) m) @> (array2D [ [ 1.0; 2.0 ]; [ -1.0; 0.5 ] ])
    // Σ mᵢⱼ³: 3mᵢⱼ².
    Assert.Equal<float[]>([| 3.0; 12.0; 3.0; 0.75 |], Array.concat (rows g))

[<Fact>]
let ``an array of tuples read by index is taken apart`` () =
    // fst p[0] + snd p[1] = w₀ + w₁²: (1, 2w₁, 0).
    let g = grad <@ fun (w: float[]) -> let p = Array.map (fun v -> (v, v * v)) w in fst p[0] + snd p[1] @> [| 0.5; 3.0; 1.0 |]
    Assert.Equal<float[]>([| 1.0; 6.0; 0.0 |], g)

/// x″ = −kx by RK4 with the state as a tuple: the stages are tuple lets in the loop, f returns a tuple. The
/// same function is the oracle (run as F#) and, being a reflected definition, the quotation's body.
[<ReflectedDefinition>]
let rk4 (k: float) (x0: float) =
    let f (x: float, v: float) = (v, -k * x)
    let mutable x = x0
    let mutable v = 0.0
    let h = 0.01
    for _ in 1 .. 100 do
        let (a1, b1) = f (x, v)
        let (a2, b2) = f (x + 0.5 * h * a1, v + 0.5 * h * b1)
        let (a3, b3) = f (x + 0.5 * h * a2, v + 0.5 * h * b2)
        let (a4, b4) = f (x + h * a3, v + h * b3)
        x <- x + h / 6.0 * (a1 + 2.0 * a2 + 2.0 * a3 + a4)
        v <- v + h / 6.0 * (b1 + 2.0 * b2 + 2.0 * b3 + b4)
    x

let private rk4Gradient = grad <@ fun (k, x0) -> rk4 k x0 @>

[<Property(MaxTest = 30, Replay = "(20261128,17)", Arbitrary = [| typeof<Generators> |])>]
let ``RK4 stages as tuple lets from a tuple-returning function`` (Unit' a) (Unit' b) =
    let k, x0 = 4.0 + 2.0 * a, b
    let dk, dx0 = rk4Gradient (k, x0)
    assertClose $"at k = {k}, x0 = {x0}" (numericGradient (fun p -> rk4 p[0] p[1]) [| k; x0 |]) [| dk; dx0 |]

[<Fact>]
let ``a function defined under a let reads that let where it is defined`` () =
    // c = 2x is fixed before s changes, so f x = 2x·x and the derivative is 4x = 6 at 1.5 (not 20x·… from s = 10).
    let g = grad <@ fun x -> let mutable s = x in let f = (let c = s * 2.0 in fun t -> c * t) in s <- 10.0; f x + 0.0 * s @>
    Assert.Equal(6.0, g 1.5)

let private overList = valueAndGrad <@ fun (xs: float list, k: float) -> k * List.sumBy (fun v -> v * v) xs + xs[0] * xs.Head + List.fold (fun a v -> a * 0.5 + v) 0.0 xs @>

[<Property(MaxTest = 100, Replay = "(20261128,21)", Arbitrary = [| typeof<VectorGenerators>; typeof<Generators> |])>]
let ``a float list input has a float list gradient`` (Vector x) (Unit' k) =
    let f (p: float[]) =
        let xs, k = List.ofArray p[.. p.Length - 2], p[p.Length - 1]
        k * List.sumBy (fun v -> v * v) xs + xs[0] * xs.Head + List.fold (fun a v -> a * 0.5 + v) 0.0 xs
    let value, (dxs, dk) = overList (List.ofArray x, k)
    let point = Array.append x [| k |]
    Assert.True(close (f point) value, $"value {value}")
    assertClose $"at %A{point}" (numericGradient f point) (Array.append (Array.ofList dxs) [| dk |])
    let h = hessian <@ fun (xs: float list) -> List.fold (fun a v -> a * v) 1.0 xs @> (List.ofArray x)
    // ∂²Π/∂xᵢ∂xⱼ: the product without xᵢ and xⱼ (i ≠ j), 0 on the diagonal.
    let expected = Array.init x.Length (fun i -> Array.init x.Length (fun j -> if i = j then 0.0 else Seq.fold (*) 1.0 (seq { for m in 0 .. x.Length - 1 do if m <> i && m <> j then x[m] })))
    Array.iteri (fun i row -> assertClose $"Hessian row {i}" row (rows h).[i]) expected
