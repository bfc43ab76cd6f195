"""Lesson 8: analysis -- the engine's images, layers and containers as DataFrames."""

from __future__ import annotations

from lesson_cells import Lesson, code, exercise, md, setup, solution

PLOT_NOTE_EN = "# the plots need matplotlib (pip install matplotlib); the tables do not"
PLOT_NOTE_KO = "# 그래프에는 matplotlib이 필요합니다 (pip install matplotlib). 표는 없어도 됩니다"

SIZES_PLOT = f"""
    {PLOT_NOTE_EN}
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        plt = None

    if plt:
        ax = (ours.set_index("name")[["shared_size", "unique_size"]] / 1e6).plot.barh(
            stacked=True, figsize=(7, 2.5), color=["#93c5fd", "#1d4ed8"])
        ax.set_xlabel("MB"); ax.set_ylabel(""); ax.set_title("image size: shared vs unique")
        plt.show()
    """

LAYERS_PLOT = f"""
    {PLOT_NOTE_EN}
    if plt:
        ax = (steps.iloc[::-1].set_index("step")["size"] / 1e6).plot.bar(
            figsize=(7, 2.8), color="#1d4ed8", rot=0)
        ax.set_ylabel("MB"); ax.set_xlabel("step (oldest first)")
        ax.set_title("what each step adds to lesson8 big:1")
        plt.show()
    """

CELLS = [
    md("""
        Everything `%docker` lists is a pandas DataFrame: sizes are integers (bytes), times are
        datetimes. So the questions a data scientist asks about an engine are a few lines of
        pandas away:

        1. Which images take the most space, and how much of it is shared?
        2. Which layers make an image grow?
        3. Which containers exited with an error, and how?
        """, """
        `%docker`가 보여 주는 목록은 모두 pandas DataFrame입니다. 크기는 정수(바이트), 시간은
        datetime 값입니다. 그래서 데이터 과학자가 엔진에 대해 던질 만한 질문은 pandas 몇 줄이면
        답할 수 있습니다.

        1. 어떤 이미지가 공간을 가장 많이 차지하고, 그중 얼마가 공유될까?
        2. 어떤 계층이 이미지를 키울까?
        3. 어떤 컨테이너가 오류로 종료했고, 어떻게 끝났을까?
        """),
    *setup(8, classic_builder=True),
    md("""
        ## A small data set

        First some data: three images of different sizes, built on our base image (`-q` prints
        only the image ID). The big one writes 3 MB and deletes it in a later step...
        """, """
        ## 작은 데이터 세트

        먼저 데이터를 만듭니다. 베이스 이미지 위에 크기가 다른 이미지 세 개를 빌드합니다
        (`-q`는 이미지 ID만 출력합니다). 큰 이미지는 3MB를 쓰고 다음 단계에서 지웁니다...
        """),
    code("""
        import tempfile
        work = tempfile.mkdtemp(prefix="lesson8-")
        """),
    code("""
        %%docker build -q -t lesson8-{RUN}/small:1 --label {LESSON} {work}
        FROM jupyter-docker/busybox
        RUN head -c 200000 /dev/urandom > /data.bin
        """),
    code("""
        %%docker build -q -t lesson8-{RUN}/medium:1 --label {LESSON} {work}
        FROM jupyter-docker/busybox
        RUN head -c 500000 /dev/urandom > /a.bin
        RUN head -c 700000 /dev/urandom > /b.bin
        """),
    code("""
        %%docker build -q -t lesson8-{RUN}/big:1 --label {LESSON} {work}
        FROM jupyter-docker/busybox
        RUN head -c 400000 /dev/urandom > /config.bin
        RUN head -c 3000000 /dev/urandom > /download.tmp
        RUN head -c 10 /download.tmp > /summary.txt
        RUN rm /download.tmp
        """),
    md("""
        ...and a few containers, some of which fail: `sh -c 'exit N'` ends with exit code N, and
        one long job is killed. `wait` blocks until they stop and prints their exit codes.
        """, """
        ...그리고 컨테이너 몇 개를 실행합니다. 일부는 실패합니다. `sh -c 'exit N'`은 종료 코드
        N으로 끝나고, 오래 걸리는 작업 하나는 강제 종료됩니다. `wait`는 컨테이너들이 멈출 때까지
        기다렸다가 종료 코드를 출력합니다.
        """),
    code("""
        import jupyter_docker as jd

        jobs = {"ok-1": 0, "ok-2": 0, "bad-input": 2, "crash": 1, "ok-3": 0}
        for job, exit_code in jobs.items():
            jd.docker(f"run -d --name {job}-{RUN} --label {LESSON} jupyter-docker/busybox sh -c 'exit {exit_code}'")
        jd.docker(f"run -d --name stuck-{RUN} --label {LESSON} jupyter-docker/busybox sleep 600")
        %docker kill stuck-{RUN}
        %docker wait ok-1-{RUN} ok-2-{RUN} bad-input-{RUN} crash-{RUN} ok-3-{RUN} stuck-{RUN}
        """, expect=("137",)),
    md("""
        ## 1. Which images take the most space?

        `system df -v` reports each image's size split into **shared** bytes (layers other images
        use too, here the base image) and **unique** bytes (only this image's layers).
        Removing an image frees its unique bytes only.
        """, """
        ## 1. 어떤 이미지가 공간을 가장 많이 차지할까?

        `system df -v`는 이미지마다 크기를 **공유(shared)** 바이트(다른 이미지도 쓰는 계층,
        여기서는 베이스 이미지)와 **고유(unique)** 바이트(이 이미지만의 계층)로 나눠 보여 줍니다.
        이미지를 지우면 고유 바이트만 확보됩니다.
        """),
    code("""
        usage = %docker system df -v
        images = usage["images"]
        ours = images[images["repository"].str.startswith(f"lesson8-{RUN}/")].copy()
        ours["name"] = ours["repository"].str.split("/").str[-1] + ":" + ours["tag"]
        ours = ours.sort_values("size", ascending=False)
        ours[["name", "size", "shared_size", "unique_size"]]
        """, expect=("big:1", "medium:1", "small:1")),
    code(SIZES_PLOT, ko=SIZES_PLOT.replace(PLOT_NOTE_EN, PLOT_NOTE_KO)),
    md("""
        The same question over *all* images on this engine (yours may hold others' images
        too) is one line:
        """, """
        같은 질문을 이 엔진의 *모든* 이미지에 대해 던져도 한 줄이면 됩니다 (다른 사람의 이미지도
        있을 수 있습니다).
        """),
    code("""
        images.nlargest(5, "unique_size")[["repository", "tag", "size", "unique_size"]]
        """),
    md("""
        ## 2. Which layers make an image grow?

        `history` gives one row per step (a **history entry**) with its instruction and the
        bytes it added. Each `RUN` here changes files, so each also adds a file-system layer;
        the `LABEL` step only changes the settings: an entry, no layer. `big:1` is bigger than
        its files: the 3 MB written by one step stays in that step's layer, even though a later
        step deletes the file (that step's layer only hides it). (Make, use and delete a
        temporary file in *one* `RUN`.)
        """, """
        ## 2. 어떤 계층이 이미지를 키울까?

        `history`는 단계(**히스토리 항목**)마다 한 행씩, 그 설정과 더한 바이트를 보여 줍니다.
        여기의 `RUN`은 모두 파일을 바꾸므로 각각 파일 시스템 계층도 하나씩 더합니다. `LABEL`
        단계는 설정만 바꾸므로 항목만 있고 계층은 없습니다. `big:1`은 실제 파일보다 큽니다. 한
        단계에서 쓴 3MB는 나중 단계에서 파일을 지워도 그 단계의 계층에 그대로 남기 때문입니다
        (지우는 단계의 계층은 파일을 가릴 뿐입니다). (임시 파일은 `RUN` *하나*에서 만들고,
        사용하고, 지우세요.)
        """),
    code("""
        steps = %docker history --no-trunc lesson8-{RUN}/big:1
        steps = steps[["created_by", "size"]].copy()
        steps["created_by"] = steps["created_by"].str.replace("/bin/sh -c ", "", regex=False).str[:45]
        steps["step"] = range(len(steps), 0, -1)
        steps["share"] = (steps["size"] / steps["size"].sum()).round(3)
        steps
        """, expect=("rm /download.tmp",)),
    code(LAYERS_PLOT, ko=LAYERS_PLOT.replace(PLOT_NOTE_EN, PLOT_NOTE_KO)),
    md("""
        The files in the image are small, but the steps added more than 3 MB:
        """, """
        이미지 안의 파일은 작지만, 단계들이 더한 바이트는 3MB가 넘습니다.
        """),
    code("%docker run --rm --label {LESSON} lesson8-{RUN}/big:1 du -cb /config.bin /summary.txt",
         expect=("400010 total",)),
    code("""
        int(steps.loc[steps["step"] > 1, "size"].sum())  # every step but the base image's
        """, ko="""
        int(steps.loc[steps["step"] > 1, "size"].sum())  # 베이스 이미지를 뺀 모든 단계
        """),
    md("""
        ## 3. Which containers exited with an error?

        `ps -a` gives a `status` column such as `Exited (2) 3 seconds ago`; pandas pulls the
        exit code out of it. 137 is 128 + 9: killed by SIGKILL.
        """, """
        ## 3. 어떤 컨테이너가 오류로 종료했을까?

        `ps -a`의 `status` 열에는 `Exited (2) 3 seconds ago` 같은 값이 들어 있습니다. pandas로
        여기서 종료 코드를 뽑아냅니다. 137은 128 + 9, 즉 SIGKILL로 강제 종료되었다는 뜻입니다.
        """),
    code("""
        containers = %docker ps -a --filter label={LESSON}
        containers["exit_code"] = containers["status"].str.extract(r"Exited \\((\\d+)\\)")[0].astype(int)
        failed = containers[containers["exit_code"] != 0]
        failed[["names", "exit_code", "status"]].sort_values("exit_code")
        """, expect=("bad-input-", "crash-", "stuck-", "137")),
    code("""
        containers["outcome"] = containers["exit_code"].map(
            lambda code: "ok" if code == 0 else "killed" if code == 137 else "error")
        containers.groupby("outcome").size()
        """, expect=("error 2", "killed 1", "ok 3")),
    exercise("""
        Which of the three lesson images has the most layers? Build a DataFrame with one row
        per image: `name`, `layers` (the length of `RootFS.Layers`, a column of
        `image inspect`'s DataFrame) and `entries` (the rows of `jd.history(...)`). Why does
        each image have one entry more than layers?
        """, """
        레슨 이미지 세 개 중 계층이 가장 많은 것은 무엇일까요? 이미지마다 한 행인 DataFrame을
        만들어 보세요. `name`, `layers`(`image inspect` DataFrame의 `RootFS.Layers` 열의 길이),
        `entries`(`jd.history(...)`의 행 수)입니다. 왜 이미지마다 항목이 계층보다 하나 많을까요?
        """),
    solution("""
        import pandas as pd
        names = ["small:1", "medium:1", "big:1"]
        details = %docker image inspect lesson8-{RUN}/small:1 lesson8-{RUN}/medium:1 lesson8-{RUN}/big:1
        counts = pd.DataFrame({"name": names,
                               "layers": details["RootFS.Layers"].str.len().tolist(),
                               "entries": [len(jd.history(f"lesson8-{RUN}/{n}")) for n in names]})
        counts.sort_values("layers", ascending=False)  # the extra entry: LABEL, settings only
        """, ko="""
        import pandas as pd
        names = ["small:1", "medium:1", "big:1"]
        details = %docker image inspect lesson8-{RUN}/small:1 lesson8-{RUN}/medium:1 lesson8-{RUN}/big:1
        counts = pd.DataFrame({"name": names,
                               "layers": details["RootFS.Layers"].str.len().tolist(),
                               "entries": [len(jd.history(f"lesson8-{RUN}/{n}")) for n in names]})
        counts.sort_values("layers", ascending=False)  # 하나 더 많은 항목: 설정만 바꾸는 LABEL
        """, expect=("big:1 5 6", "small:1 2 3")),
    exercise("""
        For each lesson image, what fraction of its size is the base image? (Hint: `ours` has
        `shared_size` and `size`.)
        """, """
        레슨 이미지마다 크기 중 베이스 이미지가 차지하는 비율(0과 1 사이의 값)은 얼마일까요?
        (힌트: `ours`에 `shared_size`와 `size`가 있습니다.)
        """),
    solution("""
        (ours.set_index("name")["shared_size"] / ours.set_index("name")["size"]).round(2)
        """),
    md("""
        ## 4. Why is an image big? Finding the wasted bytes

        `history` says how many bytes each step added, not which files, nor which of them a
        later step throws away. `%docker image analyze` reads the image as `docker save` writes
        it (streamed, nothing copied to disk) and looks at every file of every layer, as the
        tool *dive* does. Here is an image built the way many Dockerfiles start: it downloads
        an archive, takes what it needs, deletes the archive in a later step, and writes its
        model file twice.
        """, """
        ## 4. 이미지는 왜 클까? 낭비된 바이트 찾기

        `history`는 단계마다 더한 바이트 수는 알려 주지만, 어떤 파일인지, 그중 무엇을 나중 단계가
        버리는지는 알려 주지 않습니다. `%docker image analyze`는 `docker save`가 쓰는 형태 그대로
        이미지를 읽어(스트림으로 읽고, 디스크에 복사하지 않습니다) 모든 계층의 모든 파일을
        살펴봅니다. 도구 *dive*가 하는 일과 같습니다. 많은 Dockerfile이 시작하는 방식으로 만든
        이미지를 봅시다. 압축 파일을 내려받아 필요한 것만 꺼내고, 나중 단계에서 압축 파일을
        지우며, 모델 파일은 두 번 씁니다.
        """),
    code("""
        %%docker build -q -t lesson8-{RUN}/fat:1 --label {LESSON} {work}
        FROM jupyter-docker/busybox
        RUN mkdir /app && head -c 2000000 /dev/urandom > /app/model.bin
        RUN head -c 5000000 /dev/urandom > /tmp/download.tar
        RUN head -c 1000 /tmp/download.tar > /app/part.bin
        RUN rm /tmp/download.tar
        RUN head -c 2000000 /dev/urandom > /app/model.bin
        """),
    md("""
        The analysis shows the image's size, its **user size** (every layer but the base
        image's), the **efficiency** (1.0 when no file is stored twice) and the **wasted
        bytes**: every path that is in two or more layers counts with all its copies. Because
        this kernel built the image, it also knows the Dockerfile and says which line left the
        waste and which line deletes or rewrites it (lines of the cell above: `FROM` is 1).
        """, """
        분석 결과는 이미지 크기, **사용자 크기**(베이스 이미지를 뺀 모든 계층), **효율**(어떤
        파일도 두 번 저장되지 않으면 1.0), **낭비된 바이트**를 보여 줍니다. 두 계층 이상에 있는
        경로는 모든 사본이 낭비로 계산됩니다. 이 커널이 이미지를 빌드했으므로 Dockerfile도 알고
        있어서, 어느 줄이 낭비를 남겼고 어느 줄이 그것을 지우거나 다시 쓰는지 알려 줍니다 (위
        셀의 줄 번호입니다. `FROM`이 1번 줄입니다).
        """),
    code("""
        fat = %docker image analyze -q lesson8-{RUN}/fat:1
        fat
        """, expect=("that line 5 deletes", "that line 6 writes again")),
    md("""
        The numbers are values, and the files are a DataFrame: `fat.inefficiencies` lists the
        paths stored more than once, `fat.files` has one row per file per layer, and
        `fat.tree(layer)` is the file system as of a layer, with the size of each directory.
        As of layer 2 (line 3) the archive is there; at the top it is gone from the tree, yet
        its 5 MB are still stored in layer 2. (Run `fat.tree()` alone in a cell for a tree to
        explore: folders that open, a layer slider, filters for what a layer added, modified
        or removed.)
        """, """
        숫자는 값이고, 파일은 DataFrame입니다. `fat.inefficiencies`는 두 번 이상 저장된 경로를,
        `fat.files`는 계층마다 파일마다 한 행을, `fat.tree(layer)`는 그 계층까지 쌓은 파일
        시스템을 디렉터리 크기와 함께 보여 줍니다. 계층 2(3번 줄)까지는 압축 파일이 있고, 맨 위
        계층에서는 트리에서 사라졌지만 그 5MB는 여전히 계층 2에 저장되어 있습니다. (셀에
        `fat.tree()`만 실행하면 탐색할 수 있는 트리가 나옵니다. 폴더를 열고, 계층 슬라이더를
        움직이고, 계층이 더하거나 바꾸거나 지운 것만 골라 볼 수 있습니다.)
        """),
    code("""
        fat.inefficiencies[["path", "count", "cumulative"]].head(3)
        """, expect=("/tmp/download.tar", "/app/model.bin")),
    code("""
        def under(tree, *folders):
            keep = tree["path"].isin(folders) | tree["parent"].isin(folders)
            return tree.loc[keep, ["path", "kind", "size", "files", "layer"]]

        under(fat.tree(2), "/app", "/tmp")
        """, ko="""
        def under(tree, *folders):
            keep = tree["path"].isin(folders) | tree["parent"].isin(folders)
            return tree.loc[keep, ["path", "kind", "size", "files", "layer"]]

        under(fat.tree(2), "/app", "/tmp")  # 계층 2까지: 압축 파일이 있습니다
        """, expect=("/tmp/download.tar",)),
    code("""
        under(fat.tree(), "/app", "/tmp")
        """, ko="""
        under(fat.tree(), "/app", "/tmp")  # 맨 위 계층: 압축 파일이 사라졌습니다
        """),
    md("""
        **Fixing the Dockerfile.** A file deleted in a later step still costs its bytes: make,
        use and delete a temporary file in *one* `RUN`, and write each file once. Then measure
        again:
        """, """
        **Dockerfile 고치기.** 나중 단계에서 지운 파일도 바이트는 그대로 차지합니다. 임시 파일은
        `RUN` *하나*에서 만들고, 사용하고, 지우세요. 그리고 파일은 한 번만 쓰세요. 그런 다음 다시
        측정합니다.
        """),
    code("""
        %%docker build -q -t lesson8-{RUN}/lean:1 --label {LESSON} {work}
        FROM jupyter-docker/busybox
        RUN mkdir /app && head -c 5000000 /dev/urandom > /tmp/download.tar \\
            && head -c 1000 /tmp/download.tar > /app/part.bin && rm /tmp/download.tar
        RUN head -c 2000000 /dev/urandom > /app/model.bin
        """),
    code("""
        lean = %docker image analyze -q lesson8-{RUN}/lean:1
        lean
        """, expect=("No wasted bytes",)),
    code("""
        import pandas as pd
        pd.DataFrame([{"image": name, "size": a.size, "user size": a.user_size,
                       "wasted bytes": a.wasted_bytes, "efficiency": round(a.efficiency, 3)}
                      for name, a in {"fat": fat, "lean": lean}.items()]).set_index("image")
        """),
    exercise("""
        How many bytes did the fix save? Compute it from the two analyses, and check it
        against what the wasted bytes of `fat` say.
        """, """
        고친 Dockerfile은 몇 바이트를 아꼈을까요? 두 분석 결과에서 계산하고, `fat`의 낭비된
        바이트와 비교해 보세요.
        """),
    solution("""
        saved = fat.size - lean.size
        saved, fat.wasted_bytes  # saved: the dead copies (7 MB); wasted also counts the kept model
        """, ko="""
        saved = fat.size - lean.size
        saved, fat.wasted_bytes  # 아낀 것은 죽은 사본(7MB), 낭비에는 남긴 모델 사본도 들어갑니다
        """),
    code("""
        %docker rmi lesson8-{RUN}/fat:1 lesson8-{RUN}/lean:1
        """, expect=("Deleted:",)),
    md("""
        ## Clean up
        """, """
        ## 정리
        """),
    code("""
        import shutil
        shutil.rmtree(work)
        names = " ".join(containers["names"])
        %docker rm {names}
        %docker rmi lesson8-{RUN}/small:1 lesson8-{RUN}/medium:1 lesson8-{RUN}/big:1
        """, expect=("Deleted:",)),
]

LESSON = Lesson(8, "analysis", "Analysis: images, layers and containers as data",
                "분석: 데이터로 보는 이미지, 계층, 컨테이너", CELLS)
